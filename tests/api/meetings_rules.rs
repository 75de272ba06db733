//! The rules issue 4 names: the 2027 clock changes, a year-long series,
//! every role against every meeting write, hostile text everywhere.

use chrono::Datelike;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestPerson, spawn_demo_app, texts};
use crate::on_both_backends;

async fn post_json(app: &TestApp, token: &str, body: &Value) -> (u16, Value) {
    let response = app
        .client
        .post(format!("{}/api/v1/meetings", app.address))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

fn at(local: &str) -> Value {
    json!({"kind": "working_group_session", "title": "Élections", "starts_at_local": local, "working_group": "elections"})
}

on_both_backends! {
    async fn the_2027_clock_changes_are_refused_or_kept_exactly(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        for (local, expected_utc, shown) in [
            ("2027-03-28T01:30", "2027-03-28 00:30:00", "2027-03-28T01:30:00+01:00"),
            ("2027-03-28T03:30", "2027-03-28 01:30:00", "2027-03-28T03:30:00+02:00"),
            ("2027-10-31T01:30", "2027-10-30 23:30:00", "2027-10-31T01:30:00+02:00"),
            ("2027-10-31T03:30", "2027-10-31 02:30:00", "2027-10-31T03:30:00+01:00"),
        ] {
            let (status, created) = post_json(&app, &token, &at(local)).await;
            assert_eq!(status, 201, "{local}: {created}");
            assert_eq!(created["starts_at"], shown);
            let id = created["id"].as_str().expect("id").to_owned();
            let stored = app.with_conn(|conn| quorum::db::meetings::find(conn, &id).expect("query").expect("meeting").meeting);
            assert_eq!(stored.starts_at.to_string(), expected_utc, "{local}");
            // shown back as entered, in the edit form
            let form = scraper::Html::parse_document(&app.signed_in(&admin).await.get(&format!("/meetings/{id}/edit")).await.text().await.expect("body"));
            let start = scraper::Selector::parse("input#starts_at_local").expect("selector");
            assert_eq!(form.select(&start).next().and_then(|e| e.attr("value")), Some(local));
        }
        let (status, gap) = post_json(&app, &token, &at("2027-03-28T02:30")).await;
        assert_eq!(status, 422);
        assert!(gap["errors"][0]["message"].as_str().expect("message").contains("1 h 59 ou 3 h 00"), "{gap}");
        let (status, twice) = post_json(&app, &token, &at("2027-10-31T02:30")).await;
        assert_eq!(status, 422);
        let message = twice["errors"][0]["message"].as_str().expect("message");
        assert!(message.contains("existe deux fois") && message.contains("UTC+02:00") && message.contains("UTC+01:00"), "{message}");
    }

    async fn twelve_monthly_sessions_stay_at_ten_all_year(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let browser = app.signed_in(&admin).await;
        let year = chrono::Utc::now().year() + 1;
        let (from, until) = (format!("{year}-01-01"), format!("{year}-12-31"));
        let form = [
            ("title", "Démocratie participative"), ("format", "remote"), ("frequency", "monthly"), ("ordinal", "3"),
            ("interval_weeks", "1"), ("weekday", "3"), ("start_time", "10:00"), ("end_time", "11:30"),
            ("time_zone", "Europe/Paris"), ("starts_on", &from[..]), ("until", &until[..]),
        ];
        let created = browser.post_form("/groups/democratie-participative/series/new", &form).await;
        assert_eq!(created.status(), 303);
        let id = created.headers()["location"].to_str().expect("ascii").trim_start_matches("/series/").to_owned();
        let sessions = app.with_conn(|conn| quorum::db::series::occurrences(conn, &id).expect("sessions"));
        assert_eq!(sessions.len(), 12);
        for session in &sessions {
            let local = session.starts_at.and_utc().with_timezone(&chrono_tz::Europe::Paris);
            assert_eq!(local.format("%H:%M").to_string(), "10:00", "{}", session.starts_at);
        }
        let offsets: Vec<i64> = sessions.iter().map(|s| {
            let local = s.starts_at.and_utc().with_timezone(&chrono_tz::Europe::Paris).naive_local();
            (local - s.starts_at).num_hours()
        }).collect();
        assert!(offsets.contains(&1) && offsets.contains(&2), "both winter and summer sessions: {offsets:?}");
    }

    async fn every_role_against_every_meeting_write(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let people: Vec<(&str, Option<TestPerson>)> = vec![
            ("anonymous", None),
            ("member", Some(app.add_person("member@arles.fr", Some("arles"), false, false))),
            ("coordinator elsewhere", Some({
                let p = app.add_person("social@arles.fr", None, false, false);
                app.make_coordinator(&p, "social");
                p
            })),
            ("manager of another body", Some(app.add_person("manager@nancy.fr", Some("nancy"), false, true))),
            ("coordinator here", Some({
                let p = app.add_person("elections@arles.fr", None, false, false);
                app.make_coordinator(&p, "elections");
                p
            })),
            ("admin", Some(app.add_person("admin@club.example", None, true, false))),
        ];
        let session = app.with_conn(|conn| {
            let group = quorum::db::working_groups::find_by_slug(conn, "elections").expect("query").expect("group");
            quorum::db::meetings::list(conn, &quorum::db::meetings::MeetingFilter { working_group_id: Some(group.id), ..Default::default() })
                .expect("list").remove(0).meeting.id
        });
        let december = app.with_conn(|conn| {
            quorum::db::meetings::list(conn, &quorum::db::meetings::MeetingFilter { kind: Some("december_session".into()), ending_after: Some(quorum::db::now()), ..Default::default() })
                .expect("list").remove(0).meeting.id
        });
        let new_session = [("kind", "working_group_session"), ("title", "Élections"), ("starts_at_local", "2027-05-20T10:00"), ("working_group", "elections")];
        let edit = [("kind", "working_group_session"), ("title", "Élections (revu)"), ("starts_at_local", "2027-05-20T10:00"), ("working_group", "elections")];
        let edit_december = [("kind", "december_session"), ("title", "Décembre (revu)"), ("starts_at_local", "2027-12-09T14:00")];
        for (who, person) in &people {
            let browser = match person {
                Some(p) => app.signed_in(p).await,
                None => app.browser(),
            };
            let writes = [
                ("create a session", "/meetings/new".to_owned(), &new_session[..], None),
                ("edit a session", format!("/meetings/{session}/edit"), &edit[..], Some(&session)),
                ("edit the December session", format!("/meetings/{december}/edit"), &edit_december[..], Some(&december)),
                ("plan a series", "/groups/elections/series/new".to_owned(), &[("title", "x")][..], None),
            ];
            for (what, path, form, target) in writes {
                let status = browser.post_form(&path, form).await.status().as_u16();
                let allowed = match *who {
                    "admin" => true,
                    "coordinator here" => what != "edit the December session",
                    _ => false,
                };
                let expected: &[u16] = match (*who, allowed) {
                    ("anonymous", _) => &[303],
                    (_, true) => &[303, 422],
                    (_, false) => &[403],
                };
                assert!(expected.contains(&status), "{who} may {}{what}: got {status}", if allowed { "" } else { "not " });
                if let (false, Some(target)) = (allowed, target) {
                    let page = app.page(&format!("/meetings/{target}")).await;
                    assert!(!texts(&page, "h1")[0].contains("revu"), "{who} changed it: {what}");
                }
            }
            let cancel = browser.post_form(&format!("/meetings/{december}/cancel"), &[]).await.status().as_u16();
            let expected = match *who { "anonymous" => 303, "admin" => 303, _ => 403 };
            assert_eq!(cancel, expected, "{who} cancelling the December session");
        }
    }

    async fn hostile_text_in_meeting_fields_stays_text(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let hostile = "<script>alert(\"x\")</script>\u{202E}élu'\"&";
        let body = json!({
            "kind": "december_session", "title": hostile, "starts_at_local": "2027-12-09T14:00",
            "venue": {"name": hostile, "address": hostile, "city": hostile, "directions": hostile},
            "agenda": format!("{hostile}\n\n<img src=x onerror=alert(1)> [lien](javascript:alert(1))"),
        });
        let (status, created) = post_json(&app, &token, &body).await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().expect("id").to_owned();
        let raw = app.get(&format!("/meetings/{id}")).await.text().await.expect("body");
        assert!(!raw.contains("<script>") && !raw.contains("<img") && !raw.contains("javascript:"), "hostile markup reached the page");
        let page = scraper::Html::parse_document(&raw);
        assert_eq!(texts(&page, "h1"), [hostile.to_owned()]);
        let venue = texts(&page, "dl.facts dd");
        assert!(venue.iter().any(|v| v.contains(hostile)), "{venue:?}");
        let list = app.page("/meetings").await;
        assert!(texts(&list, "ul.meetings .meeting-title").contains(&hostile.to_owned()));
        // over the limits: refused, nothing written
        let long = json!({"kind": "december_session", "title": "x".repeat(201), "starts_at_local": "2027-12-09T14:00", "venue": {"directions": "y".repeat(2001)}});
        let (status, refused) = post_json(&app, &token, &long).await;
        assert_eq!(status, 422);
        let fields: Vec<&str> = refused["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().expect("field")).collect();
        assert_eq!(fields, ["title", "venue_directions"]);

        // a group's topic and description
        let coordinator = app.add_person("coord@arles.fr", None, false, false);
        app.make_coordinator(&coordinator, "social");
        let browser = app.signed_in(&coordinator).await;
        let saved = browser.post_form("/groups/social/edit", &[("topic", hostile), ("description", hostile)]).await;
        assert_eq!(saved.status(), 303);
        let raw = app.get("/groups/social").await.text().await.expect("body");
        assert!(!raw.contains("<script>"));
        let group = scraper::Html::parse_document(&raw);
        assert_eq!(texts(&group, "p.lead"), [hostile.to_owned()]);
    }
}
