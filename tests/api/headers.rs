//! What every answer carries (a strict content security policy the pages
//! satisfy, no framing, no sniffing, HSTS on https), no cookie for a visitor
//! who only reads, and forms accepted only as our pages send them.

use crate::helpers::{first_meeting_id, spawn_app_with, spawn_demo_app};
use crate::on_both_backends;

/// Every page template: no inline script or style, so the policy
/// `default-src 'none'; style-src 'self'; script-src 'self'` takes nothing
/// away from them; the one script is the copy buttons' file, in `base.html`.
#[test]
fn page_templates_hold_no_script_and_no_inline_style() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).expect("templates") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(&path)
                .expect("a template")
                .to_lowercase()
                .replace(r#"<script src="/static/copy.js" defer></script>"#, "");
            for forbidden in [
                "<script",
                "<style",
                " style=",
                " onclick=",
                " onsubmit=",
                " onload=",
                "javascript:",
            ] {
                assert!(
                    !text.contains(forbidden),
                    "{} holds {forbidden}",
                    path.display()
                );
            }
            read += 1;
        }
    }
    assert!(read > 20, "the page templates were read");
}

on_both_backends! {
    async fn every_answer_carries_the_security_headers(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let meeting = first_meeting_id(&app, "").await;
        for path in ["/".to_owned(), format!("/meetings/{meeting}"), "/calendar.ics".to_owned(), "/api/v1/meetings".to_owned(), "/no-such-page".to_owned(), "/static/quorum.css".to_owned()] {
            let response = app.get(&path).await;
            let headers = response.headers();
            let csp = headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
            assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'") && csp.contains("style-src 'self'"), "{path}: {csp}");
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(headers["x-frame-options"], "DENY", "{path}");
            assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
            assert!(headers.get("strict-transport-security").is_none(), "no HSTS on http: {path}");
        }
    }

    async fn an_https_site_sends_hsts_and_secure_cookies(backend: Backend) {
        let app = spawn_app_with(backend, |layer| layer.base_url = Some("https://club.example".into())).await;
        let response = app.get("/").await;
        assert_eq!(response.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
        let response = app.get("/lang/en?back=/").await;
        let cookie = response.headers()["set-cookie"].to_str().expect("ascii").to_owned();
        assert!(cookie.starts_with("quorum_lang=en") && cookie.contains("Secure"), "{cookie}");
    }

    async fn a_visitor_who_only_reads_gets_no_cookie(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let meeting = first_meeting_id(&app, "").await;
        let client = crate::helpers::unpooled_client();
        for path in ["/".to_owned(), "/meetings".to_owned(), format!("/meetings/{meeting}"), "/orgs".to_owned(), "/groups".to_owned(), "/calendar.ics".to_owned()] {
            let response = client.get(format!("{}{path}", app.address)).send().await.expect("answered");
            assert_eq!(response.status(), 200, "{path}");
            assert!(response.headers().get("set-cookie").is_none(), "{path} sets a cookie");
        }
        // a form to fill: its token needs the cookie
        let response = client.get(format!("{}/signin", app.address)).send().await.expect("answered");
        assert!(response.headers().get("set-cookie").is_some());
    }

    async fn a_post_is_a_form_from_this_site_or_nothing(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let browser = app.browser();
        let token = browser.csrf_token().await;
        // text/plain: what a foreign page can send without asking first
        let response = browser.client.post(format!("{}/signin", app.address))
            .header("content-type", "text/plain")
            .body(format!("email=agent@club.example&csrf_token={token}"))
            .send().await.expect("answered");
        assert_eq!(response.status(), 403);
        // an origin that only a forwarded header vouches for, with no trusted proxy
        let response = browser.client.post(format!("{}/signin", app.address))
            .header("origin", "http://evil.example")
            .header("x-forwarded-host", "evil.example")
            .header("forwarded", "host=evil.example;proto=http")
            .form(&[("email", "agent@club.example"), ("csrf_token", &token)])
            .send().await.expect("answered");
        assert_eq!(response.status(), 403);
        // the same form from the site itself
        let response = browser.client.post(format!("{}/signin", app.address))
            .header("origin", app.address.clone())
            .form(&[("email", "agent@club.example"), ("csrf_token", &token)])
            .send().await.expect("answered");
        assert_eq!(response.status(), 200);
    }
}
