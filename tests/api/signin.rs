//! Signing in: the form, the link page, and what a stranger learns.

use crate::helpers::{TestApp, TestPerson, spawn_app_with, spawn_demo_app, texts};
use crate::on_both_backends;

/// A link for `person` stored directly, valid for `minutes` (negative: expired).
fn link_for(app: &TestApp, person: &TestPerson, minutes: i64) -> String {
    let token = quorum::domain::secrets::new_token();
    let expires = quorum::db::now() + chrono::Duration::minutes(minutes);
    app.with_conn(|conn| {
        quorum::db::people::insert_signin_token(
            conn,
            &quorum::domain::secrets::hash_token(&token),
            &person.id,
            "/orgs",
            expires,
        )
        .expect("stored")
    });
    format!("/signin/{token}")
}

on_both_backends! {
    async fn unknown_address_gets_the_same_answer(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let response = app.browser().post_form("/signin", &[("email", "nobody@nowhere.example")]).await;
        assert_eq!(response.status(), 200);
        let html = scraper::Html::parse_document(&response.text().await.expect("body"));
        assert!(texts(&html, "[role=status]")[0].starts_with("Si un compte correspond à cette adresse"));
        let tokens: i64 = app.with_conn(|conn| {
            use diesel::{QueryDsl, RunQueryDsl};
            quorum::db::schema::signin_tokens::table.count().get_result(conn).expect("count")
        });
        assert_eq!(tokens, 0);
    }

    async fn invalid_address_is_shown_again_with_the_input(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let response = app.browser().post_form("/signin", &[("email", "claire.nancy.fr"), ("next", "/orgs")]).await;
        assert_eq!(response.status(), 422);
        let html = scraper::Html::parse_document(&response.text().await.expect("body"));
        let input = scraper::Selector::parse("input#email").expect("selector");
        let field = html.select(&input).next().expect("the field");
        assert_eq!(field.attr("value"), Some("claire.nancy.fr"));
        assert_eq!(field.attr("aria-invalid"), Some("true"));
        assert_eq!(texts(&html, "#email-error").len(), 1);
    }

    async fn requests_for_one_address_are_rate_limited(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let browser = app.browser();
        for _ in 0..5 {
            let ok = browser.post_form("/signin", &[("email", "Someone@Example.org")]).await;
            assert_eq!(ok.status(), 200);
        }
        // the same address in another case counts as the same
        let limited = browser.post_form("/signin", &[("email", "someone@example.org")]).await;
        assert_eq!(limited.status(), 429);
        let html = scraper::Html::parse_document(&limited.text().await.expect("body"));
        assert!(texts(&html, "#email-error")[0].contains("Trop de demandes"));
        let other = browser.post_form("/signin", &[("email", "other@example.org")]).await;
        assert_eq!(other.status(), 200);
    }

    async fn a_link_signs_in_once_and_goes_where_asked(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let person = app.add_person("claire@nancy.fr", Some("nancy"), false, false);
        let link = link_for(&app, &person, 15);
        let browser = app.browser();
        // opening the link (as a mail scanner would) does not use it
        let page = browser.get(&link).await;
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["referrer-policy"], "same-origin");
        let page = browser.get(&link).await;
        let html = scraper::Html::parse_document(&page.text().await.expect("body"));
        assert_eq!(texts(&html, "main button"), ["Me connecter"]);
        let signed_in = browser.post_form(&link, &[]).await;
        assert_eq!(signed_in.status(), 303);
        assert_eq!(signed_in.headers()["location"], "/orgs");
        assert_eq!(browser.get("/me").await.status(), 200);
        // a second use is refused, in another browser too
        let again = app.browser().post_form(&link, &[]).await;
        assert_eq!(again.status(), 410);
        let html = scraper::Html::parse_document(&again.text().await.expect("body"));
        assert!(texts(&html, "main p")[0].contains("n'est plus valable"));
        assert_eq!(app.browser().get(&link).await.status(), 410);
    }

    async fn an_expired_link_is_refused(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let person = app.add_person("claire@nancy.fr", Some("nancy"), false, false);
        let link = link_for(&app, &person, -1);
        let browser = app.browser();
        assert_eq!(browser.post_form(&link, &[]).await.status(), 410);
        assert_eq!(browser.get("/me").await.status(), 303);
    }

    async fn a_made_up_link_is_refused(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let browser = app.browser();
        let response = browser.post_form("/signin/not-a-real-token", &[]).await;
        assert_eq!(response.status(), 410);
    }

    async fn the_session_cookie_is_private_and_renewed(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let person = app.add_person("claire@nancy.fr", Some("nancy"), false, false);
        let link = link_for(&app, &person, 15);
        let browser = app.browser();
        let anonymous = browser.get("/signin").await;
        let cookie = anonymous.headers()["set-cookie"].to_str().expect("ascii").to_owned();
        assert!(cookie.starts_with("quorum_session="), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(!cookie.contains(&person.id), "{cookie}");
        let signed_in = browser.post_form(&link, &[]).await;
        let renewed = signed_in.headers()["set-cookie"].to_str().expect("ascii").to_owned();
        assert_ne!(cookie.split(';').next(), renewed.split(';').next());
        assert!(!renewed.contains(&person.id), "the session cookie is readable: {renewed}");
    }

    async fn the_session_cookie_is_secure_on_an_https_site(backend: Backend) {
        let app = spawn_app_with(backend, |layer| layer.base_url = Some("https://club.example".into())).await;
        let response = app.browser().get("/signin").await;
        let cookie = response.headers()["set-cookie"].to_str().expect("ascii").to_owned();
        assert!(cookie.contains("; Secure"), "{cookie}");
        let plain = crate::helpers::spawn_app(backend).await.browser().get("/signin").await;
        let cookie = plain.headers()["set-cookie"].to_str().expect("ascii").to_owned();
        assert!(!cookie.contains("Secure"), "{cookie}");
    }
}
