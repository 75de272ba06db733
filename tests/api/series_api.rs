//! Series of working-group sessions through the API: the same rule, checks,
//! planning and policy as the series pages.

use chrono::Datelike;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestPerson, api, send, spawn_demo_app, texts};
use crate::on_both_backends;

fn next_year() -> i32 {
    chrono::Utc::now().year() + 1
}

/// The third Thursday of each month, 10:00–11:30 in Paris, January to April
/// of next year: four sessions, the last one in summer time.
fn third_thursdays() -> Value {
    let year = next_year();
    json!({
        "title": "Groupe état-civil",
        "format": "remote",
        "agenda": "- tour de table",
        "frequency": "monthly",
        "ordinal": 3,
        "weekday": 3,
        "start_time": "10:00",
        "end_time": "11:30",
        "time_zone": "Europe/Paris",
        "starts_on": format!("{year}-01-01"),
        "until": format!("{year}-04-30"),
    })
}

/// A coordinator of `etat-civil` and their token.
fn coordinator(app: &TestApp) -> (TestPerson, String) {
    let person = app.add_person("coord@nancy.fr", None, false, false);
    app.make_coordinator(&person, "etat-civil");
    let token = app.api_token(&person);
    (person, token)
}

const GROUP_SERIES: &str = "/api/v1/working-groups/etat-civil/series";

/// Plans the series `body` as `token`; the created series.
async fn plan(app: &TestApp, token: &str, body: Value) -> Value {
    let (status, created) = send(app, reqwest::Method::POST, GROUP_SERIES, token, Some(body)).await;
    assert_eq!(status, 201, "{created}");
    created
}

fn sessions(series: &Value) -> &Vec<Value> {
    series["sessions"].as_array().expect("sessions")
}

fn ids(series: &Value) -> Vec<String> {
    sessions(series)
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_owned())
        .collect()
}

/// What a refused call answers: status, media type, body.
async fn refused(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> (u16, String, Value) {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.address))
        .json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let media = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().expect("ascii").to_owned())
        .unwrap_or_default();
    (status, media, response.json().await.unwrap_or(Value::Null))
}

fn fields(problem: &Value) -> Vec<&str> {
    problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field"))
        .collect()
}

/// How many series and series sessions the club has.
fn planned_count(app: &TestApp) -> (i64, i64) {
    app.with_conn(|conn| {
        use quorum::db::schema::{meeting_series, meetings};
        let series = meeting_series::table
            .count()
            .get_result(conn)
            .expect("count");
        let sessions = meetings::table
            .filter(meetings::series_id.is_not_null())
            .count()
            .get_result(conn)
            .expect("count");
        (series, sessions)
    })
}

on_both_backends! {
    async fn a_series_planned_through_the_api_reads_back_as_its_page_shows_it(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (_, token) = coordinator(&app);
        let created = plan(&app, &token, third_thursdays()).await;
        assert_eq!(created["working_group"], "etat-civil");
        assert_eq!((created["frequency"].as_str(), created["ordinal"].as_i64(), created["weekday"].as_i64()), (Some("monthly"), Some(3), Some(3)));
        assert_eq!(created["interval_weeks"], Value::Null, "a monthly rule has no interval");
        assert_eq!((created["start_time"].as_str(), created["time_zone"].as_str()), (Some("10:00"), Some("Europe/Paris")));
        let starts: Vec<&str> = sessions(&created).iter().map(|s| s["starts_at"].as_str().expect("starts_at")).collect();
        assert_eq!(starts.len(), 4);
        assert!(starts[..3].iter().all(|s| s.ends_with("T10:00:00+01:00")), "{starts:?}");
        assert!(starts[3].ends_with("T10:00:00+02:00"), "10:00 in summer time too: {starts:?}");
        assert!(sessions(&created).iter().all(|s| s["status"] == "scheduled" && s["detached"] == false));

        // anyone reads it back, as it was answered
        let id = created["id"].as_str().expect("id");
        let (status, shown) = api(&app, reqwest::Method::GET, &format!("/api/v1/series/{id}"), None, None).await;
        assert_eq!(status, 200);
        assert_eq!(shown, created);
        let (_, listed) = api(&app, reqwest::Method::GET, GROUP_SERIES, None, None).await;
        assert_eq!(listed["items"], json!([created]));

        // the page shows the same sessions, in the same order
        let page = app.page(&format!("/series/{id}")).await;
        let links: Vec<String> = {
            let selector = scraper::Selector::parse("ul.meetings li .meeting-title a").expect("selector");
            page.select(&selector).map(|a| a.attr("href").expect("href").trim_start_matches("/meetings/").to_owned()).collect()
        };
        assert_eq!(links, ids(&created));
        assert!(texts(&page, "p.lead")[0].starts_with("le 3e jeudi de chaque mois, 10 h 00 – 11 h 30"));

        // each session is a meeting of the API that names its series
        let first = &sessions(&created)[0];
        let api_url = first["api_url"].as_str().expect("api_url");
        let path = api_url.strip_prefix(&app.settings.base_url).expect("on this instance");
        let (status, meeting) = api(&app, reqwest::Method::GET, path, None, None).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!((&meeting["id"], &meeting["series_id"]), (&first["id"], &created["id"]));
        assert_eq!(meeting["starts_at"], first["starts_at"]);
        let (_, listed) = api(&app, reqwest::Method::GET, "/api/v1/meetings?working_group=etat-civil", None, None).await;
        let items = listed["items"].as_array().expect("items");
        assert!(items.iter().any(|m| m["series_id"] == created["id"]));
        assert!(items.iter().any(|m| m["series_id"].is_null()), "a session planned alone has no series");
    }

    async fn a_series_planned_on_its_page_reads_the_same_in_the_api(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (person, _) = coordinator(&app);
        let browser = app.signed_in(&person).await;
        let rule = third_thursdays();
        let form: Vec<(&str, String)> = rule.as_object().expect("object").iter()
            .map(|(k, v)| (k.as_str(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
            .chain([("interval_weeks", "1".to_owned())])
            .collect();
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let created = browser.post_form("/groups/etat-civil/series/new", &form).await;
        assert_eq!(created.status(), 303);
        let id = created.headers()["location"].to_str().expect("ascii").trim_start_matches("/series/").to_owned();
        let (status, shown) = api(&app, reqwest::Method::GET, &format!("/api/v1/series/{id}"), None, None).await;
        assert_eq!(status, 200);
        let stored = app.with_conn(|conn| quorum::db::series::occurrences(conn, &id).expect("sessions"));
        let stored: Vec<String> = stored.into_iter().map(|m| m.id).collect();
        assert_eq!(ids(&shown), stored);
        for field in ["title", "frequency", "ordinal", "weekday", "start_time", "end_time", "time_zone", "starts_on", "until", "agenda"] {
            assert_eq!(shown[field], rule[field], "{field}");
        }
    }

    async fn patching_the_rule_replans_as_the_page_does(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let created = plan(&app, &token, third_thursdays()).await;
        let id = created["id"].as_str().expect("id").to_owned();
        let before = ids(&created);

        // the first session already happened; the second is moved by hand
        let yesterday = quorum::db::now() - chrono::Duration::days(1);
        app.with_conn(|conn| {
            use quorum::db::schema::meetings::dsl as m;
            diesel::update(m::meetings.filter(m::id.eq(&before[0])))
                .set((m::starts_at.eq(yesterday), m::ends_at.eq(yesterday + chrono::Duration::minutes(90))))
                .execute(conn)
                .expect("make it past");
        });
        let year = next_year();
        let moved = json!({"starts_at_local": format!("{year}-02-19T10:00"), "ends_at_local": format!("{year}-02-19T11:30")});
        let (status, _) = send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{}", before[1]), &token, Some(moved)).await;
        assert_eq!(status, 200);

        // 14:00 from now on, and the series ends in March
        let change = json!({"start_time": "14:00", "end_time": "15:30", "until": format!("{year}-03-31"), "title": "État civil"});
        let (status, changed) = send(&app, reqwest::Method::PATCH, &format!("/api/v1/series/{id}"), &token, Some(change)).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!((changed["start_time"].as_str(), changed["until"].as_str()), (Some("14:00"), Some(&format!("{year}-03-31")[..])));
        assert_eq!(changed["starts_on"], created["starts_on"], "a field left out is unchanged");
        let session = |meeting_id: &str| sessions(&changed).iter().find(|s| s["id"] == meeting_id).expect("kept").clone();
        assert_eq!(session(&before[0])["title"], "Groupe état-civil", "a past session is not re-planned");
        let by_hand = session(&before[1]);
        assert_eq!((by_hand["detached"].as_bool(), by_hand["starts_at"].as_str()), (Some(true), Some(&format!("{year}-02-19T10:00:00+01:00")[..])));
        let march = session(&before[2]);
        assert!(march["starts_at"].as_str().expect("starts_at").ends_with("T14:00:00+01:00"), "{march}");
        assert_eq!((march["title"].as_str(), march["status"].as_str(), march["detached"].as_bool()), (Some("État civil"), Some("scheduled"), Some(false)));
        let april = session(&before[3]);
        assert_eq!((april["status"].as_str(), april["detached"].as_bool()), (Some("cancelled"), Some(false)), "dropped by the new rule, kept so calendars remove it");
        let (_, meeting) = api(&app, reqwest::Method::GET, &format!("/api/v1/meetings/{}", before[2]), None, None).await;
        assert_eq!(meeting["sequence"], 1, "calendars see the move");

        // the page shows the rule as changed through the API
        let page = app.page(&format!("/series/{id}")).await;
        assert!(texts(&page, "p.lead")[0].contains("14 h 00 – 15 h 30"), "{:?}", texts(&page, "p.lead"));
        assert_eq!(texts(&page, "ul.meetings li.cancelled").len(), 1);
    }

    async fn series_writes_follow_the_group_policy(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let rule = third_thursdays();
        let (status, media, problem) = refused(&app, reqwest::Method::POST, GROUP_SERIES, None, &rule).await;
        assert_eq!((status, media.as_str()), (401, "application/problem+json"), "{problem}");
        let member = app.add_person("member@arles.fr", Some("arles"), false, false);
        let member_token = app.api_token(&member);
        assert_eq!(refused(&app, reqwest::Method::POST, GROUP_SERIES, Some(&member_token), &rule).await.0, 403);
        let elsewhere = app.add_person("coord@arles.fr", None, false, false);
        app.make_coordinator(&elsewhere, "social");
        let elsewhere_token = app.api_token(&elsewhere);
        assert_eq!(refused(&app, reqwest::Method::POST, GROUP_SERIES, Some(&elsewhere_token), &rule).await.0, 403, "a coordinator of another group");
        // the pages' session cookie does not write through the API
        let (person, token) = coordinator(&app);
        let browser = app.signed_in(&person).await;
        let with_cookie = browser.client.post(format!("{}{GROUP_SERIES}", app.address)).json(&rule).send().await.expect("answered");
        assert_eq!(with_cookie.status(), 401);
        assert_eq!(planned_count(&app), (0, 0), "nothing planned by a refused call");

        let created = plan(&app, &token, rule).await;
        let url = format!("/api/v1/series/{}", created["id"].as_str().expect("id"));
        let change = json!({"title": "Autre titre"});
        assert_eq!(refused(&app, reqwest::Method::PATCH, &url, None, &change).await.0, 401);
        assert_eq!(refused(&app, reqwest::Method::PATCH, &url, Some(&member_token), &change).await.0, 403);
        assert_eq!(refused(&app, reqwest::Method::PATCH, &url, Some(&elsewhere_token), &change).await.0, 403);
        let (_, unchanged) = api(&app, reqwest::Method::GET, &url, None, None).await;
        assert_eq!(unchanged, created);
        let admin = app.add_person("admin@club.example", None, true, false);
        let (status, changed) = send(&app, reqwest::Method::PATCH, &url, &app.api_token(&admin), Some(change)).await;
        assert_eq!((status, changed["title"].as_str()), (200, Some("Autre titre")));
    }

    async fn bad_series_are_refused_with_field_errors_and_nothing_planned(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (_, token) = coordinator(&app);
        let with = |field: &str, value: Value| {
            let mut body = third_thursdays();
            body[field] = value;
            body
        };
        let mut untitled = third_thursdays();
        untitled.as_object_mut().expect("object").remove("title");
        let year = next_year();
        let cases = [
            ("frequency", with("frequency", json!("daily"))),
            ("end_time", with("end_time", json!("09:00"))),
            // the until of last year, before the start
            ("until", with("until", json!(format!("{}-12-31", year - 1)))),
            ("title", untitled),
            ("start_time", with("start_time", json!("10h"))),
            ("time_zone", with("time_zone", json!("Europe/Lutece"))),
        ];
        for (field, body) in &cases {
            let (status, media, problem) = refused(&app, reqwest::Method::POST, GROUP_SERIES, Some(&token), body).await;
            assert_eq!((status, media.as_str()), (422, "application/problem+json"), "{field}: {problem}");
            assert_eq!(problem["status"], 422);
            assert!(fields(&problem).contains(field), "{field}: {problem}");
        }
        // several problems are named at once
        let mut both = with("frequency", json!("daily"));
        both["title"] = json!("  ");
        let (_, _, problem) = refused(&app, reqwest::Method::POST, GROUP_SERIES, Some(&token), &both).await;
        assert_eq!(fields(&problem), ["frequency", "title"]);
        // a field the API does not know, or a number sent as text, names the body
        let (status, _, problem) = refused(&app, reqwest::Method::POST, GROUP_SERIES, Some(&token), &with("colour", json!("red"))).await;
        assert_eq!((status, fields(&problem)), (422, vec!["body"]));
        let (status, _, problem) = refused(&app, reqwest::Method::POST, GROUP_SERIES, Some(&token), &with("weekday", json!("Thursday"))).await;
        assert_eq!((status, fields(&problem)), (422, vec!["body"]));
        assert_eq!(planned_count(&app), (0, 0), "nothing planned");

        // a bad change changes nothing
        let created = plan(&app, &token, third_thursdays()).await;
        let url = format!("/api/v1/series/{}", created["id"].as_str().expect("id"));
        for (field, change) in [("until", json!({"until": format!("{year}-01-01"), "starts_on": format!("{year}-02-01")})), ("frequency", json!({"frequency": "yearly"})), ("title", json!({"title": ""}))] {
            let (status, _, problem) = refused(&app, reqwest::Method::PATCH, &url, Some(&token), &change).await;
            assert_eq!(status, 422, "{field}: {problem}");
            assert!(fields(&problem).contains(&field), "{field}: {problem}");
        }
        let (_, unchanged) = api(&app, reqwest::Method::GET, &url, None, None).await;
        assert_eq!(unchanged, created);
        assert_eq!(planned_count(&app), (1, 4));

        // unknown series and groups
        let nowhere = "/api/v1/series/01900000-0000-7000-8000-000000000000";
        let (status, media, _) = refused(&app, reqwest::Method::GET, nowhere, None, &json!({})).await;
        assert_eq!((status, media.as_str()), (404, "application/problem+json"));
        assert_eq!(refused(&app, reqwest::Method::PATCH, nowhere, Some(&token), &json!({"title": "x"})).await.0, 404);
        assert_eq!(refused(&app, reqwest::Method::POST, "/api/v1/working-groups/nowhere/series", Some(&token), &third_thursdays()).await.0, 404);
        assert_eq!(api(&app, reqwest::Method::GET, "/api/v1/working-groups/nowhere/series", None, None).await.0, 404);
    }
}
