//! Dates outside the years 1900–2200 (`domain::time::YEARS`) are refused
//! field by field, on every way in: nothing stored, nothing lost.

use diesel::{QueryDsl, RunQueryDsl};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, send, spawn_demo_app, texts};
use crate::on_both_backends;

const OUTSIDE: [&str; 4] = [
    "9999-12-31T23:59",
    "0000-01-01T10:00",
    "-0001-01-01T10:00",
    "1899-12-31T23:59",
];

fn meetings(app: &TestApp) -> i64 {
    app.with_conn(|conn| {
        quorum::db::schema::meetings::table
            .count()
            .get_result(conn)
            .expect("a count")
    })
}

/// The fields a 422 problem names.
fn fields(problem: &Value) -> Vec<&str> {
    problem["errors"]
        .as_array()
        .map(|errors| errors.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default()
}

on_both_backends! {
    async fn api_meetings_outside_the_years_are_refused_by_field(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let before = meetings(&app);
        let meeting = |field: &str, value: &str| {
            let mut body = json!({
                "kind": "working_group_session", "title": "Élections", "working_group": "elections",
                "starts_at_local": "2027-06-10T10:00", "time_zone": "Europe/Paris",
            });
            body[field] = json!(value);
            body
        };
        for text in OUTSIDE {
            for field in ["starts_at_local", "ends_at_local", "rsvp_deadline"] {
                let response = app.client.post(format!("{}/api/v1/meetings", app.address))
                    .bearer_auth(&token).json(&meeting(field, text)).send().await.expect("answered");
                assert_eq!(response.status(), 422, "{field} {text}");
                assert_eq!(response.headers()["content-type"], "application/problem+json");
                let problem: Value = response.json().await.expect("json");
                assert_eq!(fields(&problem), [field], "{field} {text}: {problem}");
                assert_eq!(problem["errors"][0]["message"], "l'année doit être comprise entre 1900 et 2200");
            }
        }
        assert_eq!(meetings(&app), before, "nothing created");

        // the edges are taken
        for (start, zone) in [("2200-12-31T22:00", "Pacific/Kiritimati"), ("1900-01-01T10:00", "America/Cayenne")] {
            let mut body = meeting("starts_at_local", start);
            body["time_zone"] = json!(zone);
            let (status, created) = send(&app, Method::POST, "/api/v1/meetings", &token, Some(body)).await;
            assert_eq!(status, 201, "{start}: {created}");
        }
    }

    async fn the_meeting_form_keeps_a_date_outside_the_years(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let browser = app.signed_in(&admin).await;
        let before = meetings(&app);
        let refused = browser.post_form("/meetings/new?lang=en", &[
            ("kind", "working_group_session"),
            ("title", "Élections : refonte des listes"),
            ("format", "remote"),
            ("status", "scheduled"),
            ("starts_at_local", "9999-12-31T23:59"),
            ("ends_at_local", ""),
            ("time_zone", "Europe/Paris"),
            ("working_group", "elections"),
            ("agenda", ""),
        ]).await;
        assert_eq!(refused.status(), 422);
        let html = scraper::Html::parse_document(&refused.text().await.expect("body"));
        assert_eq!(texts(&html, "#starts_at_local-error"), ["the year must be between 1900 and 2200"]);
        let value = |id: &str| {
            let selector = scraper::Selector::parse(&format!("input#{id}")).expect("selector");
            html.select(&selector).next().and_then(|e| e.attr("value")).map(str::to_owned)
        };
        assert_eq!(value("starts_at_local").as_deref(), Some("9999-12-31T23:59"));
        assert_eq!(value("title").as_deref(), Some("Élections : refonte des listes"));
        assert_eq!(meetings(&app), before, "nothing created");
    }

    async fn poll_slots_calls_and_series_outside_the_years_are_refused(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);

        // a date poll's slot and deadline
        let poll = |slot_start: &str, deadline: &str| json!({
            "title": "Session élections", "working_group": "elections", "time_zone": "Europe/Paris",
            "slots": [{"starts_at_local": slot_start, "ends_at_local": "2099-01-12T16:00"}],
            "deadline": deadline,
        });
        let (status, problem) = send(&app, Method::POST, "/api/v1/date-polls", &token, Some(poll("9999-12-31T23:59", ""))).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(fields(&problem), ["slots[0].starts_at_local"], "{problem}");
        let (status, problem) = send(&app, Method::POST, "/api/v1/date-polls", &token, Some(poll("2099-01-12T14:00", "0000-01-01T10:00"))).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(fields(&problem), ["deadline"], "{problem}");

        // a call for hosts' dates
        let year = chrono::Datelike::year(&chrono::Utc::now()) + 1;
        let (status, problem) = send(&app, Method::POST, "/api/v1/hosting-calls", &token, Some(json!({
            "title": "Appel à accueil", "year": year, "wished_period_start": format!("{year}-06-01"),
            "wished_period_end": "9999-06-30", "deadline": format!("{year}-03-15"),
        }))).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(fields(&problem), ["wished_period_end"], "{problem}");

        // a series' last day, on its page
        let browser = app.signed_in(&admin).await;
        let before = meetings(&app);
        let from = format!("{year}-01-01");
        let refused = browser.post_form("/groups/etat-civil/series/new", &[
            ("title", "Groupe état-civil"), ("format", "remote"), ("frequency", "monthly"),
            ("ordinal", "3"), ("interval_weeks", "1"), ("weekday", "3"),
            ("start_time", "10:00"), ("end_time", "11:30"), ("time_zone", "Europe/Paris"),
            ("starts_on", &from), ("until", "9999-12-31"), ("agenda", ""),
        ]).await;
        assert_eq!(refused.status(), 422);
        let html = scraper::Html::parse_document(&refused.text().await.expect("body"));
        assert_eq!(texts(&html, "#until-error"), ["l'année doit être comprise entre 1900 et 2200"]);
        let until = scraper::Selector::parse("input#until").expect("selector");
        assert_eq!(html.select(&until).next().and_then(|e| e.attr("value")), Some("9999-12-31"));
        assert_eq!(meetings(&app), before, "no session planned");
    }
}
