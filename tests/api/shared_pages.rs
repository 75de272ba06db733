//! Public pages as a visitor who is not signed in sees them, kept for the
//! next visitors while the database has not changed: given without the
//! database, never across languages, never to or from a signed-in person,
//! never to a request with credentials or another cookie.

use crate::feed_cache::{club, fetch, gunzip, header, notice_delivered, renamed_outside};
use crate::helpers::{spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends! {
    async fn a_public_page_is_answered_from_memory_until_a_change(backend: Backend) {
        let app = spawn_app_with(backend, |layer| {
            layer.database_pool_size = Some(1);
            layer.mail.poll_interval_seconds = Some(3_600.0);
        })
        .await;
        let (_, id) = club(&app).await;
        notice_delivered(&app).await;
        let home = format!("{}/", app.address);
        let meeting = format!("{}/meetings/{id}", app.address);
        for url in [&home, &meeting] {
            let (status, _, body) = fetch(url, &[]).await;
            assert_eq!(status, 200);
            assert!(String::from_utf8(body).expect("UTF-8").contains("Dématérialisation des actes"));
        }

        // the pool's only connection is held: both pages still answer
        let held = app.db.get().expect("the pool's connection");
        for url in [&home, &meeting] {
            let (status, headers, body) = fetch(url, &[]).await;
            assert_eq!(status, 200, "{url}");
            assert!(header(&headers, "content-type").starts_with("text/html"));
            assert!(headers.get("content-security-policy").is_some(), "the usual headers");
            assert!(String::from_utf8(body).expect("UTF-8").contains("Dématérialisation des actes"));
        }

        // gzipped once, for those who take it
        let (status, headers, body) = fetch(&home, &[("Accept-Encoding", "gzip, br")]).await;
        assert_eq!(status, 200);
        assert_eq!(header(&headers, "content-encoding"), "gzip");
        assert_eq!(header(&headers, "vary"), "accept-encoding");
        assert!(gunzip(&body).contains("Dématérialisation des actes"), "gzipped once");

        // a request with credentials, or any cookie but the language, is
        // never given a kept page: it waits for the database
        let credentialed: Vec<_> = [("Cookie", "quorum_session=forged"), ("Authorization", "Bearer forged"), ("Cookie", "quorum_lang=fr; other=1")]
            .into_iter()
            .map(|(name, value)| {
                let home = home.clone();
                tokio::spawn(async move { fetch(&home, &[(name, value)]).await })
            })
            .collect();
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(credentialed.iter().all(|r| !r.is_finished()), "a kept page given with credentials");

        // changed by another program: the next visit waits for the database
        renamed_outside(&app, "Dématérialisation des actes", "Actes numériques");
        notice_delivered(&app).await;
        let waiting = tokio::spawn({
            let home = home.clone();
            async move { fetch(&home, &[]).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!waiting.is_finished(), "answered from memory after a change");
        drop(held);
        let (status, _, body) = waiting.await.expect("the request task");
        assert_eq!(status, 200);
        for request in credentialed {
            assert_eq!(request.await.expect("the request task").0, 200);
        }
        let body = String::from_utf8(body).expect("UTF-8");
        assert!(body.contains("Actes numériques") && !body.contains("Dématérialisation des actes"));
    }

    async fn each_language_has_its_own_page(backend: Backend) {
        let app = spawn_app(backend).await;
        club(&app).await;
        let home = format!("{}/", app.address);
        for (headers, lang) in [
            (vec![], "fr"),
            (vec![("Cookie", "quorum_lang=en")], "en"),
            (vec![], "fr"),
            (vec![("Cookie", "quorum_lang=fr")], "fr"),
            (vec![("Cookie", "quorum_lang=en")], "en"),
        ] {
            let (status, _, body) = fetch(&home, &headers).await;
            assert_eq!(status, 200);
            let body = String::from_utf8(body).expect("UTF-8");
            assert!(body.contains(&format!("<html lang=\"{lang}\"")), "{headers:?}");
        }
        let (_, _, body) = fetch(&format!("{home}?lang=en"), &[]).await;
        assert!(String::from_utf8(body).expect("UTF-8").contains("<html lang=\"en\""));
    }

    async fn a_signed_in_person_never_gets_nor_gives_a_shared_page(backend: Backend) {
        let app = spawn_app(backend).await;
        let (_, id) = club(&app).await;
        let path = format!("/meetings/{id}");
        let anonymous = |body: &str| body.contains("href=\"/signin");
        let (_, _, body) = fetch(&format!("{}{path}", app.address), &[]).await;
        assert!(anonymous(&String::from_utf8(body).expect("UTF-8")), "a visitor's page");

        let person = app.add_person("etat-civil@arles.example", None, false, false);
        let browser = app.signed_in(&person).await;
        let response = browser.get(&path).await;
        assert_eq!(response.status(), 200);
        let mine = response.text().await.expect("a body");
        assert!(!anonymous(&mine), "the person's own page, not the visitors'");
        assert!(mine.contains("etat-civil@arles.example") || mine.contains("/signout"), "signed in");

        // what the person saw is never given to a visitor, nor to a
        // request with a session cookie that is not theirs
        let (_, _, body) = fetch(&format!("{}{path}", app.address), &[]).await;
        assert!(anonymous(&String::from_utf8(body).expect("UTF-8")));
    }
}
