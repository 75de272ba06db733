//! Organizing meetings from the pages: who may, what is checked, what a
//! calendar must notice.

use quorum::db::meetings::{MeetingFilter, find, list};

use crate::helpers::{Browser, TestApp, spawn_demo_app, texts};
use crate::on_both_backends;

fn session_form<'a>(start: &'a str, group: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "working_group_session"),
        ("title", "Groupe de travail Élections : refonte des listes"),
        ("format", "remote"),
        ("status", "scheduled"),
        ("starts_at_local", start),
        ("ends_at_local", ""),
        ("time_zone", "Europe/Paris"),
        ("working_group", group),
        ("agenda", "1. Tour de table\n2. <script>alert(1)</script>"),
    ]
}

async fn create(browser: &Browser, form: &[(&str, &str)]) -> reqwest::Response {
    browser.post_form("/meetings/new", form).await
}

fn meeting_id(response: &reqwest::Response) -> String {
    let location = response.headers()["location"].to_str().expect("ascii");
    location
        .strip_prefix("/meetings/")
        .expect("a meeting page")
        .to_owned()
}

fn sequence(app: &TestApp, id: &str) -> i32 {
    app.with_conn(|conn| {
        find(conn, id)
            .expect("query")
            .expect("meeting")
            .meeting
            .sequence
    })
}

on_both_backends! {
    async fn a_coordinator_schedules_a_session_of_their_group_only(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let coordinator = app.add_person("coord@vincennes.fr", Some("vincennes"), false, false);
        app.make_coordinator(&coordinator, "elections");
        let browser = app.signed_in(&coordinator).await;
        assert_eq!(browser.get("/meetings/new?group=elections").await.status(), 200);
        assert_eq!(browser.get("/meetings/new?group=social").await.status(), 403);
        assert_eq!(browser.get("/meetings/new?kind=december_session").await.status(), 403);

        let other = create(&browser, &session_form("2027-03-18T10:00", "social")).await;
        assert_eq!(other.status(), 403);
        let mut december = session_form("2027-12-09T14:00", "elections");
        december[0] = ("kind", "december_session");
        assert_eq!(create(&browser, &december).await.status(), 403);

        let created = create(&browser, &session_form("2027-03-18T10:00", "elections")).await;
        assert_eq!(created.status(), 303);
        let id = meeting_id(&created);
        let page = app.page(&format!("/meetings/{id}")).await;
        assert_eq!(texts(&page, "dd time"), ["jeudi 18 mars 2027, 10 h 00 – 11 h 30 (heure de Paris)"]);
        let body = app.get(&format!("/meetings/{id}")).await.text().await.expect("body");
        assert!(!body.contains("<script>alert"), "the agenda is not cleaned");
        let group = app.page("/groups/elections").await;
        assert!(texts(&group, "ul.meetings .meeting-title").iter().any(|t| t.contains("refonte des listes")));

        let member = app.add_person("member@vincennes.fr", Some("vincennes"), false, false);
        assert_eq!(create(&app.signed_in(&member).await, &session_form("2027-03-18T10:00", "elections")).await.status(), 403);
        assert_eq!(create(&app.browser(), &session_form("2027-03-18T10:00", "elections")).await.status(), 303);
        let count = app.with_conn(|conn| list(conn, &MeetingFilter { include_drafts: true, ..MeetingFilter::default() }).expect("list").len());
        assert_eq!(count, 9, "only the coordinator's session was added");
    }

    async fn a_skipped_hour_is_refused_and_the_form_kept(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let browser = app.signed_in(&admin).await;
        let refused = create(&browser, &session_form("2027-03-28T02:30", "elections")).await;
        assert_eq!(refused.status(), 422);
        let html = scraper::Html::parse_document(&refused.text().await.expect("body"));
        let message = texts(&html, "#starts_at_local-error").pop().expect("a message on the field");
        assert!(message.contains("2 h 30 n'existe pas") && message.contains("1 h 59 ou 3 h 00"), "{message}");
        let kept = scraper::Selector::parse("input#title").expect("selector");
        assert_eq!(
            html.select(&kept).next().and_then(|e| e.attr("value")),
            Some("Groupe de travail Élections : refonte des listes")
        );
        let ambiguous = create(&browser, &session_form("2026-10-25T02:30", "elections")).await;
        assert_eq!(ambiguous.status(), 422);
    }

    async fn calendar_changes_raise_the_sequence_and_others_do_not(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let browser = app.signed_in(&admin).await;
        let id = meeting_id(&create(&browser, &session_form("2027-03-18T10:00", "elections")).await);
        assert_eq!(sequence(&app, &id), 0);

        let mut agenda_only = session_form("2027-03-18T10:00", "elections");
        agenda_only[8] = ("agenda", "Ordre du jour revu");
        assert_eq!(browser.post_form(&format!("/meetings/{id}/edit"), &agenda_only).await.status(), 303);
        assert_eq!(sequence(&app, &id), 0, "an agenda change is not a calendar change");

        let moved = session_form("2027-03-25T10:00", "elections");
        assert_eq!(browser.post_form(&format!("/meetings/{id}/edit"), &moved).await.status(), 303);
        assert_eq!(sequence(&app, &id), 1);
        let page = app.page(&format!("/meetings/{id}")).await;
        assert_eq!(texts(&page, "dd time"), ["jeudi 25 mars 2027, 10 h 00 – 11 h 30 (heure de Paris)"]);

        assert_eq!(browser.post_form(&format!("/meetings/{id}/cancel"), &[]).await.status(), 303);
        assert_eq!(sequence(&app, &id), 2);
        let page = app.page(&format!("/meetings/{id}")).await;
        assert_eq!(texts(&page, "p.notice"), ["Cette réunion est annulée."]);
        // cancelling again changes nothing
        assert_eq!(browser.post_form(&format!("/meetings/{id}/cancel"), &[]).await.status(), 303);
        assert_eq!(sequence(&app, &id), 2);
    }

    async fn drafts_are_seen_by_their_organizers_only(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let coordinator = app.add_person("coord@vincennes.fr", None, false, false);
        app.make_coordinator(&coordinator, "elections");
        let browser = app.signed_in(&coordinator).await;
        let mut draft = session_form("2027-03-18T10:00", "elections");
        draft[3] = ("status", "draft");
        let id = meeting_id(&create(&browser, &draft).await);
        assert_eq!(browser.get(&format!("/meetings/{id}")).await.status(), 200);
        assert_eq!(app.get(&format!("/meetings/{id}")).await.status(), 404);
        let member = app.add_person("member@vincennes.fr", None, false, false);
        assert_eq!(app.signed_in(&member).await.get(&format!("/meetings/{id}")).await.status(), 404);
        let home = app.page("/").await;
        assert!(!texts(&home, ".meeting-title").iter().any(|t| t.contains("refonte des listes")));
    }

    async fn other_zones_are_shown_in_their_own_time(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let browser = app.signed_in(&admin).await;
        let mut form = session_form("2027-06-10T09:00", "elections");
        form[6] = ("time_zone", "America/Cayenne");
        let id = meeting_id(&create(&browser, &form).await);
        let page = app.page(&format!("/meetings/{id}")).await;
        assert_eq!(texts(&page, "dd time"), ["jeudi 10 juin 2027, 9 h 00 – 10 h 30 (heure de Cayenne)"]);
        let stored = app.with_conn(|conn| find(conn, &id).expect("query").expect("meeting").meeting);
        assert_eq!(stored.starts_at.to_string(), "2027-06-10 12:00:00");
    }
}
