//! Sessions live in the database: signing out, signing out everywhere and an
//! admin ending a person's sessions end them at once, also for a copied
//! cookie; an unused session ends, a used one is pushed back, never past
//! its longest; signing in answers alike for known and unknown addresses.

use chrono::Duration;
use diesel::prelude::*;
use quorum::db::schema::sessions;

use crate::helpers::{Browser, TestApp, spawn_app};
use crate::on_both_backends;

/// Whether this browser is signed in: /me answers, or sends to sign-in.
async fn signed_in(browser: &Browser) -> bool {
    let status = browser.get("/me").await.status();
    assert!(status == 200 || status.is_redirection(), "{status}");
    status == 200
}

/// The ends of every session of the app, oldest first.
fn session_ends(app: &TestApp) -> Vec<(chrono::NaiveDateTime, chrono::NaiveDateTime)> {
    app.with_conn(|conn| {
        sessions::table
            .order(sessions::created_at)
            .select((sessions::created_at, sessions::expires_at))
            .load(conn)
            .expect("sessions")
    })
}

fn set_session(
    app: &TestApp,
    created_at: chrono::NaiveDateTime,
    expires_at: chrono::NaiveDateTime,
) {
    app.with_conn(|conn| {
        diesel::update(sessions::table)
            .set((
                sessions::created_at.eq(created_at),
                sessions::expires_at.eq(expires_at),
            ))
            .execute(conn)
            .expect("updated")
    });
}

on_both_backends! {
    async fn a_copied_cookie_dies_with_sign_out(backend: Backend) {
        let app = spawn_app(backend).await;
        let person = app.add_person("agent@club.example", None, false, false);
        let browser = app.signed_in(&person).await;
        let thief = browser.copy();
        assert!(signed_in(&thief).await, "the copy works while the session holds");
        let response = browser.post_form("/signout", &[]).await;
        assert_eq!(response.status(), 303);
        assert!(!signed_in(&browser).await);
        assert!(!signed_in(&thief).await, "signing out ends the session, not only the cookie");
        assert!(session_ends(&app).is_empty());
    }

    async fn signing_out_everywhere_ends_every_session(backend: Backend) {
        let app = spawn_app(backend).await;
        let person = app.add_person("agent@club.example", None, false, false);
        let other = app.add_person("autre@club.example", None, false, false);
        let (laptop, phone) = (app.signed_in(&person).await, app.signed_in(&person).await);
        let bystander = app.signed_in(&other).await;
        let page = laptop.get("/me").await.text().await.expect("page");
        assert!(page.contains("Sessions ouvertes : 2"), "{page}");
        let response = laptop.post_form("/me/sessions/end", &[]).await;
        assert_eq!(response.status(), 303);
        assert!(!signed_in(&laptop).await && !signed_in(&phone).await);
        assert!(signed_in(&bystander).await, "another person's session holds");
    }

    async fn an_admin_ends_a_persons_sessions(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let person = app.add_person("agent@club.example", None, false, false);
        let browser = app.signed_in(&person).await;
        let admin_browser = app.signed_in(&admin).await;
        // only admins
        let refused = browser.post_form(&format!("/admin/people/{}/sessions/end", admin.id), &[]).await;
        assert_eq!(refused.status(), 403);
        assert!(signed_in(&admin_browser).await);
        let page = admin_browser.get(&format!("/admin/people/{}", person.id)).await.text().await.expect("page");
        assert!(page.contains("Sessions ouvertes : 1"), "{page}");
        let response = admin_browser.post_form(&format!("/admin/people/{}/sessions/end", person.id), &[]).await;
        assert_eq!(response.status(), 303);
        assert!(!signed_in(&browser).await);
        assert!(signed_in(&admin_browser).await);
        let missing = admin_browser.post_form("/admin/people/nobody/sessions/end", &[]).await;
        assert_eq!(missing.status(), 404);
    }

    async fn an_unused_session_ends_and_a_used_one_is_pushed_back_to_its_limit(backend: Backend) {
        let app = spawn_app(backend).await;
        let person = app.add_person("agent@club.example", None, false, false);
        let browser = app.signed_in(&person).await;
        let now = quorum::db::now();
        // used a day before its end: pushed back thirty days
        set_session(&app, now - Duration::days(29), now + Duration::days(1));
        assert!(signed_in(&browser).await);
        let (_, end) = session_ends(&app)[0];
        assert!(end > now + Duration::days(29) && end <= quorum::db::now() + Duration::days(30), "{end}");
        // near its longest: pushed back only to ninety days after sign-in
        let created = now - Duration::days(80);
        set_session(&app, created, now + Duration::hours(1));
        assert!(signed_in(&browser).await);
        assert_eq!(session_ends(&app)[0].1, created + Duration::days(90));
        // over: the cookie no longer signs in, and loses its token
        set_session(&app, created, now - Duration::seconds(1));
        assert!(!signed_in(&browser).await);
        set_session(&app, now, now + Duration::days(30));
        assert!(!signed_in(&browser).await, "the cookie gave up its token");
        // the workers forget the sessions that are over
        let other = app.signed_in(&app.add_person("autre@club.example", None, false, false)).await;
        set_session(&app, created, now - Duration::seconds(1));
        let forgotten = app.with_conn(|conn| quorum::db::sessions::purge_expired(conn, quorum::db::now(), 10).expect("purged"));
        assert_eq!(forgotten, 2, "both sessions were made over just above");
        assert!(session_ends(&app).is_empty());
        assert!(!signed_in(&other).await);
    }

    async fn signing_in_answers_alike_for_known_and_unknown_addresses(backend: Backend) {
        let app = spawn_app(backend).await;
        let person = app.add_person("agent@club.example", None, false, false);
        let mut answers = Vec::new();
        for address in [person.email.as_str(), "inconnu@club.example"] {
            let browser = app.browser();
            let response = browser.post_form("/signin", &[("email", address)]).await;
            let status = response.status();
            let page = response.text().await.expect("page");
            // the page without its per-browser CSRF token
            let page: String = page.lines().filter(|l| !l.contains("csrf_token")).collect();
            answers.push((status, page));
        }
        assert_eq!(answers[0].0, 200);
        assert_eq!(answers[0], answers[1], "the same answer either way");
        // the work happens after the answer: the known address gets its link
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        while !app.sent_mail().iter().any(|m| m.to == person.email) {
            assert!(tokio::time::Instant::now() < deadline, "no sign-in link sent");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(app.sent_mail().iter().all(|m| m.to != "inconnu@club.example"));
    }
}

/// A sign-in request waits in the database for a mail worker: a link for a
/// person's address, nothing for another, nothing for a request its person
/// stopped waiting for, and each request once.
#[test]
fn sign_in_requests_wait_for_a_worker_and_are_sent_once() {
    let mut backends = vec![crate::helpers::Backend::Sqlite];
    if crate::helpers::postgres_admin_url().is_some() {
        backends.push(crate::helpers::Backend::Postgres);
    }
    for backend in backends {
        let database = crate::helpers::test_database(backend, |_| {});
        let new = quorum::domain::people::NewPerson::parse(
            "agent@club.example",
            "Agent",
            None,
            false,
            false,
        )
        .expect("a person");
        database.with_conn(|conn| {
            quorum::db::people::create(conn, &new).expect("created");
            for email in ["Agent@Club.example", "inconnu@club.example"] {
                quorum::db::people::request_signin(conn, email, "/me").expect("kept");
            }
        });
        let now = quorum::db::now();
        let send = |at| {
            database.with_conn(|conn| {
                quorum::services::signin::send_links(conn, &database.settings, at).expect("sent")
            })
        };
        assert_eq!(
            send(now),
            1,
            "{backend:?}: one link, for the person's address"
        );
        assert_eq!(send(now), 0, "{backend:?}: each request once");
        let queued: Vec<(String, String)> = database.with_conn(|conn| {
            use quorum::db::schema::outbox_messages as o;
            o::table
                .select((o::kind, o::recipient))
                .load(conn)
                .expect("the outbox")
        });
        assert_eq!(
            queued,
            [("signin".to_owned(), "agent@club.example".to_owned())]
        );
        // a request the worker reaches too late is dropped unsent
        database.with_conn(|conn| {
            quorum::db::people::request_signin(conn, "agent@club.example", "/").expect("kept")
        });
        assert_eq!(send(now + Duration::minutes(16)), 0, "{backend:?}");
        assert!(
            database
                .with_conn(|conn| quorum::db::people::take_signin_requests(conn, 10).expect("read"))
                .is_empty()
        );
    }
}
