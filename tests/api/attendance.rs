//! Attendance: the organizers of a meeting record who came once it started
//! (in person, remotely, excused, absent); the join gateway's record
//! pre-fills "remotely"; someone not on the list can be added as present.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Browser, TestApp, TestPerson, attr, send, spawn_demo_app, texts};
use crate::on_both_backends;

/// A running état-civil session of the demo club and its people: an admin,
/// the group's coordinator, a member who answered yes and went through the
/// join gateway, one who answered no, and a member with no role and no
/// answer.
pub(crate) struct Session {
    pub app: TestApp,
    pub meeting: String,
    pub admin: String,
    pub coordinator: TestPerson,
    pub coordinator_token: String,
    pub came: TestPerson,
    pub declined: TestPerson,
    pub member: TestPerson,
    pub member_token: String,
}

/// The session, started `started` minutes ago (negative: not started yet).
pub(crate) async fn session(app: TestApp, started: i64) -> Session {
    let admin = app.add_person("admin@club.example", None, true, false);
    let admin = app.api_token(&admin);
    let coordinator = app.add_person("coordination@club.example", Some("nancy"), false, false);
    app.make_coordinator(&coordinator, "etat-civil");
    let coordinator_token = app.api_token(&coordinator);
    let meeting = crate::join::session_with(&app, &admin, -started, None).await;
    let came = app.add_person("etat-civil@arles.example", Some("arles"), false, false);
    let declined = app.add_person(
        "etat-civil@vincennes.example",
        Some("vincennes"),
        false,
        false,
    );
    for (person, answer) in [(&came, "yes"), (&declined, "no")] {
        let token = app.api_token(person);
        let (status, body) = send(
            &app,
            Method::PUT,
            &format!("/api/v1/meetings/{meeting}/rsvp"),
            &token,
            Some(json!({"answer": answer, "attendance": "remote"})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let member = app.add_person(
        "membre@strasbourg.example",
        Some("strasbourg"),
        false,
        false,
    );
    let member_token = app.api_token(&member);
    Session {
        app,
        meeting,
        admin,
        coordinator,
        coordinator_token,
        came,
        declined,
        member,
        member_token,
    }
}

/// The recorded statuses by person id, read from the database.
pub(crate) fn recorded(app: &TestApp, meeting: &str) -> Vec<(String, String, bool)> {
    app.with_conn(|conn| {
        let mut rows: Vec<_> = quorum::db::attendance::recorded(conn, meeting)
            .expect("attendance")
            .into_iter()
            .map(|r| (r.person_id, r.status, r.walk_in))
            .collect();
        rows.sort();
        rows
    })
}

/// A page as `browser` gets it, parsed.
pub(crate) async fn page_of(browser: &Browser, path: &str) -> scraper::Html {
    let response = browser.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    scraper::Html::parse_document(&response.text().await.expect("body"))
}

fn entry<'a>(sheet: &'a Value, person: &TestPerson) -> &'a Value {
    sheet["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["person"]["id"] == person.id.as_str())
        .unwrap_or_else(|| panic!("{} not on the sheet: {sheet}", person.email))
}

on_both_backends! {
    async fn only_organizers_and_admins_see_and_record_attendance(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let path = format!("/api/v1/meetings/{}/attendance", s.meeting);
        let sheet = json!({"entries": [{"person": s.came.id, "status": "in_person"}]});

        let (anonymous, _) = crate::helpers::api(&s.app, Method::GET, &path, None, None).await;
        assert_eq!(anonymous, 401);
        let (anonymous, _) = crate::helpers::api(&s.app, Method::PUT, &path, None, Some(&sheet)).await;
        assert_eq!(anonymous, 401);
        let (member, problem) = send(&s.app, Method::GET, &path, &s.member_token, None).await;
        assert_eq!(member, 403, "{problem}");
        // a participant is no organizer either
        let came_token = s.app.api_token(&s.came);
        let (participant, _) = send(&s.app, Method::PUT, &path, &came_token, Some(sheet.clone())).await;
        assert_eq!(participant, 403);
        assert!(recorded(&s.app, &s.meeting).is_empty(), "a refused sheet was recorded");

        // the page too
        let page = s.app.signed_in(&s.member).await.get(&format!("/meetings/{}/attendance", s.meeting)).await;
        assert_eq!(page.status(), 403);
        let posted = s.app.signed_in(&s.member).await
            .post_form(&format!("/meetings/{}/attendance", s.meeting), &[(&format!("status.{}", s.came.id), "in_person")]).await;
        assert_eq!(posted.status(), 403);
        assert!(recorded(&s.app, &s.meeting).is_empty(), "a refused form was recorded");

        let (coordinator, body) = send(&s.app, Method::PUT, &path, &s.coordinator_token, Some(sheet)).await;
        assert_eq!(coordinator, 200, "{body}");
        assert_eq!(recorded(&s.app, &s.meeting), [(s.came.id.clone(), "in_person".to_owned(), false)]);

        let (admin, body) = send(&s.app, Method::PUT, &path, &s.admin,
            Some(json!({"entries": [{"person": s.came.id, "status": "remote"}]}))).await;
        assert_eq!(admin, 200, "{body}");
        assert_eq!(entry(&body, &s.came)["status"], "remote");
        assert_eq!(recorded(&s.app, &s.meeting), [(s.came.id.clone(), "remote".to_owned(), false)]);
    }

    async fn the_join_gateway_prefills_remote_and_walk_ins_come_as_present(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let joined = s.app.signed_in(&s.came).await.get(&format!("/meetings/{}/join", s.meeting)).await;
        assert_eq!(joined.status(), 303, "the participant goes through the gateway");
        let path = format!("/api/v1/meetings/{}/attendance", s.meeting);

        let (status, sheet) = send(&s.app, Method::GET, &path, &s.coordinator_token, None).await;
        assert_eq!(status, 200, "{sheet}");
        assert_eq!(sheet["open"], true);
        let came = entry(&sheet, &s.came);
        assert_eq!((came["answer"].as_str(), came["status"].is_null(), came["prefilled_status"].as_str()), (Some("yes"), true, Some("remote")), "{came}");
        assert!(came["joined_at"].is_string(), "{came}");
        let declined = entry(&sheet, &s.declined);
        assert_eq!((declined["answer"].as_str(), declined["prefilled_status"].is_null()), (Some("no"), true), "{declined}");

        // the page's radio for "remotely" is checked before anything is recorded
        let page = s.app.signed_in(&s.coordinator).await.get(&format!("/meetings/{}/attendance", s.meeting)).await;
        assert_eq!(page.status(), 200);
        let html = scraper::Html::parse_document(&page.text().await.expect("body"));
        assert_eq!(attr(&html, &format!("#status-{}-remote", s.came.id), "checked").as_deref(), Some(""));
        assert_eq!(attr(&html, &format!("#status-{}-none", s.declined.id), "checked").as_deref(), Some(""));

        let walk_in = s.app.add_person("observateur@feyzin.example", None, false, false);
        let (status, sheet) = send(&s.app, Method::PUT, &path, &s.coordinator_token, Some(json!({"entries": [
            {"person": s.came.id, "status": "remote"},
            {"person": s.declined.id, "status": "excused"},
            {"person": "Observateur@Feyzin.example", "status": "in_person"},
        ]}))).await;
        assert_eq!(status, 200, "{sheet}");
        assert_eq!(entry(&sheet, &walk_in)["walk_in"], true);
        assert_eq!(entry(&sheet, &walk_in)["answer"], Value::Null);
        assert_eq!(entry(&sheet, &s.declined)["status"], "excused");
        let mut expected = vec![
            (s.came.id.clone(), "remote".to_owned(), false),
            (s.declined.id.clone(), "excused".to_owned(), false),
            (walk_in.id.clone(), "in_person".to_owned(), true),
        ];
        expected.sort();
        assert_eq!(recorded(&s.app, &s.meeting), expected);

        // a sheet replaces the last one: leaving someone out forgets them
        let (status, _) = send(&s.app, Method::PUT, &path, &s.coordinator_token, Some(json!({"entries": [
            {"person": s.came.id, "status": "absent"},
        ]}))).await;
        assert_eq!(status, 200);
        assert_eq!(recorded(&s.app, &s.meeting), [(s.came.id.clone(), "absent".to_owned(), false)]);
    }

    async fn a_wrong_sheet_says_why_and_changes_nothing(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let path = format!("/api/v1/meetings/{}/attendance", s.meeting);
        let (status, _) = send(&s.app, Method::PUT, &path, &s.coordinator_token,
            Some(json!({"entries": [{"person": s.came.id, "status": "in_person"}]}))).await;
        assert_eq!(status, 200);
        let before = recorded(&s.app, &s.meeting);

        let (status, problem) = send(&s.app, Method::PUT, &path, &s.coordinator_token, Some(json!({"entries": [
            {"person": s.came.id, "status": "late"},
            {"person": s.member.id, "status": "excused"},
            {"person": "personne@nulle-part.example", "status": "in_person"},
            {"person": s.declined.id, "status": "absent"},
            {"person": s.declined.id, "status": "excused"},
        ]}))).await;
        assert_eq!(status, 422, "{problem}");
        let errors: Vec<(String, String)> = problem["errors"].as_array().expect("errors").iter()
            .map(|e| (e["field"].as_str().expect("field").to_owned(), e["message"].as_str().expect("message").to_owned()))
            .collect();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["entries[0].status", "entries[1].person", "entries[2].person", "entries[4].person"], "{problem}");
        assert!(errors[1].1.contains("ne figure pas parmi les participants"), "{errors:?}");
        assert_eq!(recorded(&s.app, &s.meeting), before, "a refused sheet changed something");

        // a body that is not a sheet
        let (status, problem) = send(&s.app, Method::PUT, &path, &s.coordinator_token, Some(json!({"entries": "all"}))).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(recorded(&s.app, &s.meeting), before);

        // the page shows the mistakes beside their lines, with what was chosen
        let browser = s.app.signed_in(&s.coordinator).await;
        let response = browser.post_form(&format!("/meetings/{}/attendance", s.meeting), &[
            (&format!("status.{}", s.came.id), "remote"),
            ("walk_in_email", "personne@nulle-part.example"),
            ("walk_in_status", "in_person"),
        ]).await;
        assert_eq!(response.status(), 422);
        let html = scraper::Html::parse_document(&response.text().await.expect("body"));
        assert_eq!(attr(&html, "#walk_in_email", "value").as_deref(), Some("personne@nulle-part.example"));
        assert_eq!(attr(&html, "#walk_in_email", "aria-invalid").as_deref(), Some("true"));
        assert_eq!(attr(&html, &format!("#status-{}-remote", s.came.id), "checked").as_deref(), Some(""));
        assert!(texts(&html, "[role=alert] li").iter().any(|e| e.contains("Personne inconnue")), "{:?}", texts(&html, "[role=alert] li"));
        assert_eq!(recorded(&s.app, &s.meeting), before);
    }

    async fn attendance_waits_for_the_meeting_to_start(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, -60).await;
        let path = format!("/api/v1/meetings/{}/attendance", s.meeting);
        let (status, sheet) = send(&s.app, Method::GET, &path, &s.coordinator_token, None).await;
        assert_eq!(status, 200);
        assert_eq!(sheet["open"], false);
        let (status, problem) = send(&s.app, Method::PUT, &path, &s.coordinator_token,
            Some(json!({"entries": [{"person": s.came.id, "status": "in_person"}]}))).await;
        assert_eq!(status, 409, "{problem}");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("une fois la réunion commencée")), "{problem}");
        assert!(recorded(&s.app, &s.meeting).is_empty());
        // the page explains instead of offering the form
        let page = page_of(&s.app.signed_in(&s.coordinator).await, &format!("/meetings/{}/attendance", s.meeting)).await;
        assert!(texts(&page, "main [role=status]").iter().any(|t| t.contains("une fois la réunion commencée")));
        assert!(texts(&page, "main form button").is_empty());

        // nor for a cancelled meeting
        let s = session(spawn_demo_app(backend).await, 30).await;
        let (status, _) = send(&s.app, Method::POST, &format!("/api/v1/meetings/{}/cancel", s.meeting), &s.admin, None).await;
        assert_eq!(status, 200);
        let (status, problem) = send(&s.app, Method::PUT, &format!("/api/v1/meetings/{}/attendance", s.meeting), &s.coordinator_token,
            Some(json!({"entries": [{"person": s.came.id, "status": "in_person"}]}))).await;
        assert_eq!(status, 409, "{problem}");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("annulée")), "{problem}");
        assert!(recorded(&s.app, &s.meeting).is_empty());
    }

    async fn the_attendance_form_records_in_english_too(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let browser = s.app.signed_in(&s.coordinator).await;
        let page = page_of(&browser, &format!("/meetings/{}/attendance?lang=en", s.meeting)).await;
        assert_eq!(texts(&page, "h1"), ["Attendance"]);
        // every field has its label
        let input = scraper::Selector::parse("form input:not([type=hidden]), form select").expect("selector");
        for field in page.select(&input) {
            let id = field.value().attr("id").expect("an id");
            assert_eq!(texts(&page, &format!("label[for='{id}']")).len(), 1, "no label for {id}");
        }
        let walk_in = s.app.add_person("observateur@oullins.example", None, false, false);
        let response = browser.post_form(&format!("/meetings/{}/attendance", s.meeting), &[
            (&format!("status.{}", s.came.id), "in_person"),
            (&format!("status.{}", s.declined.id), ""),
            ("walk_in_email", "observateur@oullins.example"),
            ("walk_in_status", "remote"),
        ]).await;
        assert_eq!(response.status(), 303);
        let mut expected = vec![
            (s.came.id.clone(), "in_person".to_owned(), false),
            (walk_in.id.clone(), "remote".to_owned(), true),
        ];
        expected.sort();
        assert_eq!(recorded(&s.app, &s.meeting), expected);
    }
}
