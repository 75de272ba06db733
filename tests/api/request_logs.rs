//! Request logs never hold a secret of a path, whatever its encoding: the
//! router decodes `/%66eeds/…` into a feed, the log redacts what it routes.

use reqwest::Method;

use crate::helpers::{logs, send, spawn_app};
use crate::on_both_backends;

on_both_backends! {
    async fn encoded_secret_paths_are_served_and_never_logged(backend: Backend) {
        let logs = logs();
        let app = spawn_app(backend).await;
        let person = app.add_person("membre@club.example", None, false, false);
        let (status, links) = send(&app, Method::POST, "/api/v1/me/feed-token", &app.api_token(&person), None).await;
        assert_eq!(status, 201, "{links}");
        let url = links["url"].as_str().expect("a url");
        let token = url.rsplit_once("/feeds/").and_then(|(_, t)| t.strip_suffix(".ics")).expect("a feed token").to_owned();

        // the encoded feed path is the feed
        for path in [format!("/%66eeds/{token}.ics"), format!("/%66%65%65%64%73/{token}%2Eics")] {
            assert_eq!(app.get(&path).await.status(), 200, "{path} is routed to the feed");
        }
        // and other encodings of secrets, routed or not
        let secret = "c2VjcmV0LWp1c3QtZm9yLXRoZS1sb2dz";
        for path in [
            format!("/FEEDS/{secret}.ics"),
            format!("//feeds/{secret}.ics"),
            format!("/sign%69n/{secret}"),
            format!("/meetings/42/%61nswer/{secret}"),
            format!("/meetings/42/join%3Ft={secret}"),
        ] {
            app.get(&path).await;
        }

        let text = String::from_utf8_lossy(&logs.lock().expect("logs")).into_owned();
        for secret in [token.as_str(), secret] {
            assert!(!text.contains(secret), "{secret} logged: {text}");
        }
        for logged in ["/feeds/***", "/signin/***", "/meetings/42/answer/***", "/meetings/42/join?***"] {
            assert!(text.contains(&format!("path={logged}}}")), "{logged} not in {text}");
        }
    }
}
