//! Feeds answered from their version in the database and from memory:
//! never stale on any instance after a change (made by quorum or by anyone
//! else on the database), answered without the database while nothing
//! changed, one ETag per encoding, and overload answered with 503 rather
//! than queued without end.

use std::io::Read;

use quorum::db::{DatabaseUrl, DbConn};
use reqwest::header::HeaderMap;
use serde_json::json;

use crate::helpers::{
    Backend, TestApp, postgres_admin_url, send, spawn_app, spawn_app_with, unpooled_client,
};
use crate::on_both_backends;

/// GET `url` with extra headers: status, headers, raw body bytes.
pub(crate) async fn fetch(url: &str, headers: &[(&str, &str)]) -> (u16, HeaderMap, Vec<u8>) {
    let mut request = unpooled_client().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("answered");
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    let body = response.bytes().await.expect("a body").to_vec();
    (status, headers, body)
}

pub(crate) fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} in {headers:?}"))
        .to_str()
        .expect("ascii")
        .to_owned()
}

pub(crate) fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("gzip of UTF-8");
    text
}

/// A club with the état-civil working group (the demo's, or a new one),
/// an admin and a coming session.
pub(crate) async fn club(app: &TestApp) -> (String, String) {
    let admin = app.add_person("admin@club.example", None, true, false);
    let token = app.api_token(&admin);
    let (status, group) = send(
        app,
        reqwest::Method::POST,
        "/api/v1/working-groups",
        &token,
        Some(json!({"slug": "etat-civil", "name": "État-civil"})),
    )
    .await;
    assert!(status == 201 || status == 409, "{group}");
    let (status, meeting) = send(
        app,
        reqwest::Method::POST,
        "/api/v1/meetings",
        &token,
        Some(json!({
            "kind": "working_group_session",
            "title": "Dématérialisation des actes",
            "starts_at_local": "2027-03-11T14:00",
            "ends_at_local": "2027-03-11T15:30",
            "working_group": "etat-civil",
            "status": "scheduled",
        })),
    )
    .await;
    assert_eq!(status, 201, "{meeting}");
    (token, meeting["id"].as_str().expect("an id").to_owned())
}

on_both_backends! {
    async fn a_change_on_one_instance_shows_on_the_next_poll_of_another(backend: Backend) {
        let app = spawn_app(backend).await;
        let (token, id) = club(&app).await;
        let other = app.another_instance();
        let club_feed = format!("{}/calendar.ics", app.address);
        let (status, headers, body) = fetch(&club_feed, &[]).await;
        assert_eq!(status, 200);
        let tag = header(&headers, "etag");
        assert!(String::from_utf8(body).expect("UTF-8").contains("Dématérialisation des actes"));

        // the other instance knows the same edition by the same tag, and
        // keeps its own rendered copy (asked for gzip)
        let elsewhere = format!("{other}/calendar.ics");
        let (status, headers, _) = poll_elsewhere(&app, &elsewhere, &[("If-None-Match", &tag)]).await;
        assert_eq!(status, 304);
        assert_eq!(header(&headers, "etag"), tag);
        let (status, _, gzipped) = poll_elsewhere(&app, &elsewhere, &[("Accept-Encoding", "gzip")]).await;
        assert_eq!(status, 200);
        assert!(gunzip(&gzipped).contains("Dématérialisation des actes"));

        // renamed through the first instance: the second's next poll has it
        let (status, _) = send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &token,
            Some(json!({"title": "Mariages et actes dématérialisés"}))).await;
        assert_eq!(status, 200);
        for encoding in ["identity", "gzip"] {
            let (status, headers, body) = poll_elsewhere(&app, &elsewhere, &[("If-None-Match", &tag), ("Accept-Encoding", encoding)]).await;
            assert_eq!(status, 200, "{encoding}");
            assert_ne!(header(&headers, "etag").trim_end_matches("-gzip\""), tag.trim_end_matches('"'));
            let text = if encoding == "gzip" { gunzip(&body) } else { String::from_utf8(body).expect("UTF-8") };
            assert!(text.contains("Mariages et actes dématérialisés"), "{encoding}: {text}");
            assert!(!text.contains("Dématérialisation des actes"), "{encoding}");
        }

        // a group's new name is in its sessions' CATEGORIES everywhere
        let (_, _, before) = poll_elsewhere(&app, &format!("{other}/groups/etat-civil.ics"), &[]).await;
        assert!(String::from_utf8(before).expect("UTF-8").contains("CATEGORIES:Groupe de travail,État-civil\r\n"));
        app.with_conn(|conn| {
            use diesel::prelude::*;
            use quorum::db::schema::working_groups::dsl::*;
            diesel::update(working_groups.filter(slug.eq("etat-civil")))
                .set(name.eq("État civil et population"))
                .execute(conn)
                .expect("renamed")
        });
        let (_, _, after) = poll_elsewhere(&app, &format!("{other}/groups/etat-civil.ics"), &[]).await;
        let after = String::from_utf8(after).expect("UTF-8");
        assert!(after.contains("État civil et population"), "{after}");
    }

    async fn a_personal_feed_follows_its_persons_answers_on_every_instance(backend: Backend) {
        let app = spawn_app(backend).await;
        let (_, id) = club(&app).await;
        let other = app.another_instance();
        let person = app.add_person("etat-civil@arles.example", None, false, false);
        let token = app.api_token(&person);
        let (status, links) = send(&app, reqwest::Method::POST, "/api/v1/me/feed-token", &token, None).await;
        assert_eq!(status, 201);
        let path = links["url"].as_str().expect("a url").strip_prefix(&app.address).expect("here").to_owned();
        let mine = format!("{other}{path}");
        let (status, headers, empty) = poll_elsewhere(&app, &mine, &[]).await;
        assert_eq!(status, 200);
        assert!(!String::from_utf8(empty).expect("UTF-8").contains("BEGIN:VEVENT"));
        let tag = header(&headers, "etag");

        // an answer on the first instance
        let (status, _) = send(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{id}/rsvp"), &token,
            Some(json!({"answer": "yes"}))).await;
        assert_eq!(status, 200);
        let (status, headers, body) = poll_elsewhere(&app, &mine, &[("If-None-Match", &tag)]).await;
        assert_eq!(status, 200);
        assert!(String::from_utf8(body).expect("UTF-8").contains("Dématérialisation des actes"));
        let answered = header(&headers, "etag");

        // a "no" takes it out again; someone else's answer changes nothing
        let (status, _) = send(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{id}/rsvp"), &token,
            Some(json!({"answer": "no"}))).await;
        assert_eq!(status, 200);
        let (status, headers, body) = poll_elsewhere(&app, &mine, &[("If-None-Match", &answered)]).await;
        assert_eq!(status, 200);
        assert!(!String::from_utf8(body).expect("UTF-8").contains("BEGIN:VEVENT"));
        let declined = header(&headers, "etag");
        let neighbour = app.add_person("elections@arles.example", None, false, false);
        let (status, _) = send(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{id}/rsvp"), &app.api_token(&neighbour),
            Some(json!({"answer": "yes"}))).await;
        assert_eq!(status, 200);
        let (status, _, _) = poll_elsewhere(&app, &mine, &[("If-None-Match", &declined)]).await;
        assert_eq!(status, 304, "another person's answer is not in this feed");

        // following the group brings its sessions
        let (status, _) = send(&app, reqwest::Method::POST, "/api/v1/working-groups/etat-civil/follow", &token, None).await;
        assert!(status == 200 || status == 204, "{status}");
        let (status, _, body) = poll_elsewhere(&app, &mine, &[("If-None-Match", &declined)]).await;
        assert_eq!(status, 200);
        assert!(String::from_utf8(body).expect("UTF-8").contains("Dématérialisation des actes"));
    }

    async fn a_bodys_feed_follows_its_peoples_answers_and_moves(backend: Backend) {
        let app = crate::helpers::spawn_demo_app(backend).await;
        let (_, id) = club(&app).await;
        let other = app.another_instance();
        let arles = format!("{other}/orgs/arles.ics");
        let (status, headers, body) = poll_elsewhere(&app, &arles, &[]).await;
        assert_eq!(status, 200);
        assert!(!String::from_utf8(body).expect("UTF-8").contains("Dématérialisation des actes"));
        let tag = header(&headers, "etag");

        let person = app.add_person("etat-civil@arles.example", Some("arles"), false, false);
        let (status, _) = send(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{id}/rsvp"), &app.api_token(&person),
            Some(json!({"answer": "maybe"}))).await;
        assert_eq!(status, 200);
        let (status, headers, body) = poll_elsewhere(&app, &arles, &[("If-None-Match", &tag)]).await;
        assert_eq!(status, 200, "Arles' agent answered");
        assert!(String::from_utf8(body).expect("UTF-8").contains("Dématérialisation des actes"));
        let answered = header(&headers, "etag");

        // the agent moves to Nancy: Arles' feed no longer holds the session
        app.with_conn(|conn| {
            use diesel::prelude::*;
            use quorum::db::schema::{organizations, people};
            let nancy: String = organizations::table
                .filter(organizations::slug.eq("nancy"))
                .select(organizations::id)
                .first(conn)
                .expect("Nancy");
            diesel::update(people::table.find(&person.id))
                .set(people::organization_id.eq(nancy))
                .execute(conn)
                .expect("moved")
        });
        let (status, _, body) = poll_elsewhere(&app, &arles, &[("If-None-Match", &answered)]).await;
        assert_eq!(status, 200, "the agent left Arles");
        assert!(!String::from_utf8(body).expect("UTF-8").contains("Dématérialisation des actes"));
        let (_, _, body) = poll_elsewhere(&app, &format!("{other}/orgs/nancy.ics"), &[]).await;
        assert!(String::from_utf8(body).expect("UTF-8").contains("Dématérialisation des actes"));
    }

    async fn each_encoding_has_its_own_tag_and_both_answer_304(backend: Backend) {
        let app = spawn_app(backend).await;
        club(&app).await;
        let url = format!("{}/groups/etat-civil.ics", app.address);
        let (status, plain_headers, plain) = fetch(&url, &[("Accept-Encoding", "identity")]).await;
        assert_eq!(status, 200);
        assert!(plain_headers.get("content-encoding").is_none());
        let (status, gzip_headers, gzipped) = fetch(&url, &[("Accept-Encoding", "gzip, deflate")]).await;
        assert_eq!(status, 200);
        assert_eq!(header(&gzip_headers, "content-encoding"), "gzip");
        assert_eq!(header(&gzip_headers, "vary"), "Accept-Encoding");
        assert!(header(&gzip_headers, "content-type").starts_with("text/calendar"));
        assert_eq!(gunzip(&gzipped).as_bytes(), plain.as_slice(), "the same calendar");
        let (plain_tag, gzip_tag) = (header(&plain_headers, "etag"), header(&gzip_headers, "etag"));
        assert_ne!(plain_tag, gzip_tag);
        // refused gzip (q=0) gets the plain calendar
        let (_, headers, _) = fetch(&url, &[("Accept-Encoding", "gzip;q=0")]).await;
        assert!(headers.get("content-encoding").is_none());
        for tag in [&plain_tag, &gzip_tag] {
            for encoding in ["identity", "gzip"] {
                let (status, _, body) = fetch(&url, &[("If-None-Match", tag), ("Accept-Encoding", encoding)]).await;
                assert_eq!(status, 304, "{tag} asked with {encoding}");
                assert!(body.is_empty());
            }
        }
        let (status, _, _) = fetch(&url, &[("If-None-Match", "\"someone-else\"")]).await;
        assert_eq!(status, 200);
        // If-Modified-Since alone: Last-Modified is given once the second
        // of the last change is over (whether this first answer fell in
        // that second depends on the machine's speed), and then answers 304
        drop(plain_headers);
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        let (_, plain_headers, _) = fetch(&url, &[]).await;
        let modified = header(&plain_headers, "last-modified");
        let (status, _, _) = fetch(&url, &[("If-Modified-Since", &modified)]).await;
        assert_eq!(status, 304);
    }

    async fn overload_is_answered_at_once_with_503_and_retry_after(backend: Backend) {
        let app = spawn_app_with(backend, |layer| {
            layer.database_pool_size = Some(1);
            // the worker's first look is before the test; no other
            layer.mail.poll_interval_seconds = Some(3_600.0);
        })
        .await;
        club(&app).await;
        for (path, count) in [("/calendar.ics", 60), ("/meetings", 40)] {
            let answers = while_the_database_is_busy(&app, path, count).await;
            let served = answers.iter().filter(|(status, _, _)| *status == 200).count();
            let refused: Vec<_> = answers.iter().filter(|(status, _, _)| *status == 503).collect();
            // one at the connection, 32 in line (the mail worker may hold
            // one of those places): the rest refused at once
            assert_eq!(served + refused.len(), count, "{path}: only 200 or 503");
            assert!((1..=IN_LINE + 1).contains(&served), "{path}: {served} served");
            for (_, headers, body) in refused {
                assert_eq!(header(headers, "retry-after"), "1");
                if path == "/meetings" {
                    // a page says so in words
                    assert!(header(headers, "content-type").starts_with("text/html"));
                    let body = String::from_utf8_lossy(body);
                    assert!(body.contains("<html lang=\"fr\""), "{body}");
                }
            }
            let (status, _, _) = fetch(&format!("{}{path}", app.address), &[]).await;
            assert_eq!(status, 200, "{path} served again once the load is gone");
        }
    }
}

on_both_backends! {
    async fn an_unchanged_feed_is_answered_without_the_database(backend: Backend) {
        let app = spawn_app_with(backend, |layer| {
            layer.database_pool_size = Some(1);
            layer.mail.poll_interval_seconds = Some(3_600.0);
        })
        .await;
        club(&app).await;
        // the notices of the club's making, late on PostgreSQL, would move
        // the generation once more
        notice_delivered(&app).await;
        let url = format!("{}/calendar.ics", app.address);
        let (status, headers, _) = fetch(&url, &[]).await;
        assert_eq!(status, 200);
        let tag = header(&headers, "etag");

        // the pool's only connection is held: what did not change is still
        // answered, 304 and 200, from memory
        let held = app.db.get().expect("the pool's connection");
        let (status, _, _) = fetch(&url, &[("If-None-Match", &tag)]).await;
        assert_eq!(status, 304);
        let (status, _, body) = fetch(&url, &[]).await;
        assert_eq!(status, 200);
        assert!(String::from_utf8(body).expect("UTF-8").contains("Dématérialisation des actes"));

        // a change by another connection (not quorum's): the next poll asks
        // the database, so it waits for the held connection
        renamed_outside(&app, "Dématérialisation des actes", "Actes numériques");
        notice_delivered(&app).await;
        let waiting = tokio::spawn({
            let (url, tag) = (url.clone(), tag.clone());
            async move { fetch(&url, &[("If-None-Match", &tag)]).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!waiting.is_finished(), "answered from memory after a change");
        drop(held);
        let (status, _, body) = waiting.await.expect("the request task");
        assert_eq!(status, 200);
        assert!(String::from_utf8(body).expect("UTF-8").contains("Actes numériques"));
    }

    async fn a_persons_feed_follows_a_change_made_outside_quorum(backend: Backend) {
        let app = spawn_app(backend).await;
        let person = app.add_person("etat-civil@arles.example", None, false, false);
        let token = app.api_token(&person);
        let (status, links) = send(&app, reqwest::Method::POST, "/api/v1/me/feed-token", &token, None).await;
        assert_eq!(status, 201);
        let url = links["url"].as_str().expect("a url").to_owned();
        let (status, _, body) = fetch(&url, &[]).await;
        assert_eq!(status, 200);
        assert!(String::from_utf8(body).expect("UTF-8").contains("mes réunions"));

        // the person's language, changed by another program
        outside(&app, |conn| {
            use diesel::prelude::*;
            use quorum::db::schema::people::dsl::*;
            diesel::update(people.filter(email.eq("etat-civil@arles.example")))
                .set(language.eq("en"))
                .execute(conn)
                .expect("changed")
        });
        notice_delivered(&app).await;
        let (status, _, body) = fetch(&url, &[]).await;
        assert_eq!(status, 200);
        assert!(String::from_utf8(body).expect("UTF-8").contains("my meetings"));

        // a new address: the old one leads nowhere at once
        let (status, _) = send(&app, reqwest::Method::POST, "/api/v1/me/feed-token", &token, None).await;
        assert_eq!(status, 201);
        let (status, _, _) = fetch(&url, &[]).await;
        assert_eq!(status, 404);
    }
}

/// Work on a connection of the test's own, outside quorum's pools, as
/// another program on the database would do it.
pub(crate) fn outside<T>(app: &TestApp, work: impl FnOnce(&mut DbConn) -> T) -> T {
    use diesel::Connection;
    let mut conn = match &app.settings.database_url {
        DatabaseUrl::Sqlite(path) => {
            DbConn::Sqlite(diesel::SqliteConnection::establish(path).expect("connected"))
        }
        DatabaseUrl::Postgres(url) => {
            DbConn::Postgres(diesel::PgConnection::establish(url).expect("connected"))
        }
    };
    work(&mut conn)
}

/// After a change outside quorum, a moment for the watch: it looks at most
/// once a millisecond, and PostgreSQL sends its notice after the commit
/// (see `db::watch`).
pub(crate) async fn notice_delivered(app: &TestApp) {
    let moment = match app.settings.database_url {
        DatabaseUrl::Postgres(_) => 200,
        DatabaseUrl::Sqlite(_) => 5,
    };
    tokio::time::sleep(std::time::Duration::from_millis(moment)).await;
}

/// A poll on another instance, once the notices of the changes made so
/// far could arrive: the other instance learns of them by those notices
/// (PostgreSQL) or by the data version (SQLite), not by its own commits.
async fn poll_elsewhere(
    app: &TestApp,
    url: &str,
    headers: &[(&str, &str)],
) -> (u16, HeaderMap, Vec<u8>) {
    notice_delivered(app).await;
    fetch(url, headers).await
}

/// A meeting renamed outside quorum.
pub(crate) fn renamed_outside(app: &TestApp, from: &str, to: &str) {
    let renamed = outside(app, |conn| {
        use diesel::prelude::*;
        use quorum::db::schema::meetings::dsl::*;
        diesel::update(meetings.filter(title.eq(from)))
            .set(title.eq(to))
            .execute(conn)
            .expect("renamed")
    });
    assert_eq!(renamed, 1, "{from}");
}

/// The connections of the test's database listening to change notices,
/// ended first when `end` is true.
fn listeners(app: &TestApp, admin: &str, end: bool) -> i64 {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    let DatabaseUrl::Postgres(url) = &app.settings.database_url else {
        panic!("PostgreSQL only");
    };
    let database = url.rsplit('/').next().expect("a database name");
    let mut conn = PgConnection::establish(admin).expect("admin connection");
    let counted = if end {
        "pg_terminate_backend(pid)"
    } else {
        "*"
    };
    diesel::sql_query(format!(
        "SELECT count({counted}) AS count FROM pg_stat_activity \
         WHERE query = 'LISTEN quorum_changes' AND datname = '{database}'"
    ))
    .get_result::<Count>(&mut conn)
    .expect("counted")
    .count
}

#[tokio::test]
async fn a_lost_listener_never_serves_a_stale_feed() {
    let Some(admin) = postgres_admin_url() else {
        return;
    };
    let app = spawn_app(Backend::Postgres).await;
    club(&app).await;
    let url = format!("{}/calendar.ics", app.address);
    let (status, headers, _) = fetch(&url, &[]).await;
    assert_eq!(status, 200);
    let tag = header(&headers, "etag");

    // the server ends the instance's listening connection: the change
    // after it is never notified to it
    assert_eq!(listeners(&app, &admin, true), 1, "the instance listened");
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    renamed_outside(&app, "Dématérialisation des actes", "Actes numériques");
    let (status, headers, body) = fetch(&url, &[("If-None-Match", &tag)]).await;
    assert_eq!(
        status, 200,
        "the lost listener is noticed, the database asked"
    );
    assert!(
        String::from_utf8(body)
            .expect("UTF-8")
            .contains("Actes numériques")
    );
    let tag = header(&headers, "etag");

    // it listens again within seconds, and follows changes again
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while listeners(&app, &admin, false) == 0 {
        assert!(tokio::time::Instant::now() < deadline, "listening again");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let (status, _, _) = fetch(&url, &[("If-None-Match", &tag)]).await;
    assert_eq!(status, 304);
    renamed_outside(&app, "Actes numériques", "Registres en ligne");
    notice_delivered(&app).await;
    let (status, _, body) = fetch(&url, &[("If-None-Match", &tag)]).await;
    assert_eq!(status, 200);
    assert!(
        String::from_utf8(body)
            .expect("UTF-8")
            .contains("Registres en ligne")
    );
}

/// Work that may wait for each connection of the pool (`db::Db::run`).
const IN_LINE: usize = 32;

/// `count` GETs of `path` at once while a test holds the pool's only
/// connection; it lets go once the work beyond the line has been refused.
async fn while_the_database_is_busy(
    app: &TestApp,
    path: &str,
    count: usize,
) -> Vec<(u16, HeaderMap, Vec<u8>)> {
    let held = app.db.get().expect("the pool's connection");
    let requests: Vec<_> = (0..count)
        .map(|_| {
            let url = format!("{}{path}", app.address);
            tokio::spawn(async move { fetch(&url, &[]).await })
        })
        .collect();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while requests.iter().filter(|r| r.is_finished()).count() < count - IN_LINE - 1 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "refusals are answered at once"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    drop(held);
    let mut answers = Vec::new();
    for request in requests {
        answers.push(request.await.expect("the request task"));
    }
    answers
}
