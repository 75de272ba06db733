//! The club's yearly report on a known data set, built through the API on
//! an empty club: the page's sentences, its chart, and its three CSV files
//! give the expected numbers; strangers are sent to sign in.

use chrono::{Datelike, Duration, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use crate::attendance::page_of;
use crate::helpers::{TestApp, TestPerson, send, spawn_app, texts};
use crate::on_both_backends;

fn local(minutes: i64) -> String {
    (Utc::now() + Duration::minutes(minutes))
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

async fn ok(app: &TestApp, method: Method, path: &str, token: &str, body: Value) -> Value {
    let (status, answer) = send(app, method, path, token, Some(body)).await;
    assert!((200..300).contains(&status), "{path}: {status} {answer}");
    answer
}

/// A meeting started `started` minutes ago, ending in two hours.
async fn meeting(app: &TestApp, admin: &str, started: i64, fields: Value) -> String {
    let mut body = json!({"starts_at_local": local(-started), "ends_at_local": local(120)});
    for (k, v) in fields.as_object().expect("fields") {
        body[k] = v.clone();
    }
    let created = ok(app, Method::POST, "/api/v1/meetings", admin, body).await;
    created["id"].as_str().expect("id").to_owned()
}

async fn answer(app: &TestApp, meeting: &str, person: &TestPerson, answer: &str) -> Value {
    let token = app.api_token(person);
    let path = format!("/api/v1/meetings/{meeting}/rsvp");
    ok(app, Method::PUT, &path, &token, json!({"answer": answer})).await
}

async fn record(app: &TestApp, admin: &str, meeting: &str, entries: &[(&str, &str)]) {
    let entries: Vec<Value> = entries
        .iter()
        .map(|(person, status)| json!({"person": person, "status": status}))
        .collect();
    let path = format!("/api/v1/meetings/{meeting}/attendance");
    ok(app, Method::PUT, &path, admin, json!({"entries": entries})).await;
}

/// A CSV file's rows, without its byte-order mark, its quoted cells
/// unquoted (none of this data set holds a `;`).
async fn csv(browser: &crate::helpers::Browser, path: &str) -> Vec<Vec<String>> {
    let response = browser.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let cache = response.headers()["cache-control"].to_str().expect("ascii");
    assert_eq!(cache, "private, no-store");
    let text = response.text().await.expect("body");
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    text.split_terminator("\r\n")
        .map(|line| {
            line.split(';')
                .map(
                    |cell| match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
                        Some(quoted) => quoted.replace("\"\"", "\""),
                        None => cell.to_owned(),
                    },
                )
                .collect()
        })
        .collect()
}

fn row<'a>(rows: &'a [Vec<String>], first: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == first || r[1] == first)
        .unwrap_or_else(|| panic!("no row {first} in {rows:?}"))
}

on_both_backends! {
    async fn a_year_report_counts_answers_attendance_bodies_and_groups(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.api_token(&admin);
        for (slug, name) in [("arles", "Ville d'Arles"), ("nancy", "Ville de Nancy")] {
            ok(&app, Method::POST, "/api/v1/organizations", &admin,
               json!({"slug": slug, "name": name, "kind": "commune", "club_status": "member"})).await;
        }
        ok(&app, Method::POST, "/api/v1/working-groups", &admin,
           json!({"slug": "etat-civil", "name": "État-civil"})).await;
        let [ann, bob] = ["ann", "bob"].map(|n| app.add_person(&format!("{n}@arles.example"), Some("arles"), false, false));
        let [cat, dan, eve] = ["cat", "dan", "eve"].map(|n| app.add_person(&format!("{n}@nancy.example"), Some("nancy"), false, false));
        app.add_person("hal@nancy.example", Some("nancy"), false, false);
        let year = (Utc::now() - Duration::minutes(40)).with_timezone(&chrono_tz::Europe::Paris).year();

        // A plenary of two seats: a third yes waits; bob said yes and did not come.
        let plenary = meeting(&app, &admin, 40, json!({
            "kind": "spring_plenary", "title": "=Journée de printemps", "format": "in_person", "capacity": 2,
        })).await;
        for (who, said) in [(&ann, "yes"), (&bob, "yes"), (&cat, "yes"), (&dan, "maybe"), (&eve, "no")] {
            answer(&app, &plenary, who, said).await;
        }
        record(&app, &admin, &plenary, &[
            (&ann.id, "in_person"), (&bob.id, "absent"), (&dan.id, "in_person"), ("hal@nancy.example", "in_person"),
        ]).await;
        // Two sessions of the group: the first recorded, the second not.
        let session = |title: &str| json!({
            "kind": "working_group_session", "working_group": "etat-civil", "format": "remote", "title": title,
        });
        let first = meeting(&app, &admin, 30, session("État-civil 1")).await;
        let second = meeting(&app, &admin, 20, session("État-civil 2")).await;
        answer(&app, &first, &ann, "yes").await;
        answer(&app, &first, &dan, "yes").await;
        record(&app, &admin, &first, &[(&ann.id, "remote"), (&dan.id, "excused")]).await;
        answer(&app, &second, &ann, "yes").await;
        // Neither a cancelled meeting nor one not started yet counts.
        let cancelled = meeting(&app, &admin, 10, json!({"kind": "december_session", "title": "Annulée"})).await;
        answer(&app, &cancelled, &eve, "yes").await;
        ok(&app, Method::POST, &format!("/api/v1/meetings/{cancelled}/cancel"), &admin, json!({})).await;
        meeting(&app, &admin, -60, json!({"kind": "december_session", "title": "Pas encore"})).await;
        // dan follows the group.
        let dan_token = app.api_token(&dan);
        ok(&app, Method::POST, "/api/v1/working-groups/etat-civil/follow", &dan_token, json!({})).await;

        // A stranger is sent to sign in, for the page and its files.
        for path in [format!("/reports/{year}"), format!("/reports/{year}/meetings.csv")] {
            let response = app.browser().get(&path).await;
            assert_eq!(response.status(), 303, "{path}");
            let location = response.headers()["location"].to_str().expect("ascii");
            assert!(location.starts_with("/signin?next="), "{location}");
        }

        let reader = app.signed_in(&eve).await;
        let meetings = csv(&reader, &format!("/reports/{year}/meetings.csv")).await;
        assert_eq!(meetings[0][..4], ["Date", "Réunion", "Type", "Oui"]);
        assert_eq!(meetings.len(), 4, "three meetings held: {meetings:?}");
        // date, title, kind | yes maybe no waiting | in person, remote, excused, absent, no-shows
        let plenary_row = row(&meetings, "'=Journée de printemps");
        assert!(plenary_row[0].starts_with(&format!("{year}-")), "{plenary_row:?}");
        let tail = |r: &[String]| r[r.len() - 9..].to_vec();
        assert_eq!(tail(plenary_row), ["2", "1", "1", "1", "3", "0", "0", "1", "1"]);
        assert_eq!(tail(row(&meetings, "État-civil 1")), ["2", "0", "0", "0", "0", "1", "1", "0", "0"]);
        assert_eq!(tail(row(&meetings, "État-civil 2")), ["1", "0", "0", "0", "", "", "", "", ""],
            "without a sheet, presence is unknown");

        let bodies = csv(&reader, &format!("/reports/{year}/bodies.csv")).await;
        // body | meetings attended, in person, remote, proposals, groups followed
        assert_eq!(row(&bodies, "Ville d'Arles")[1..], ["2", "1", "1", "0", "0"]);
        assert_eq!(row(&bodies, "Ville de Nancy")[1..], ["1", "2", "0", "0", "1"]);

        let groups = csv(&reader, &format!("/reports/{year}/groups.csv")).await;
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1], ["État-civil", "2", "1", "0,5", "1 0"]);

        let page = page_of(&reader, &format!("/reports/{year}")).await;
        assert_eq!(texts(&page, "p.summary"), [
            format!("En {year}, le club s'est réuni 3 fois : 1 journée de printemps, 2 séances de groupes de travail."),
            "4 présences (3 sur place, 1 à distance) : 3 personnes de 2 collectivités.".to_owned(),
        ]);
        // The chart: one bar per meeting held, its parts as the table says.
        assert_eq!(texts(&page, "svg.bars text.total"), ["3", "1", "0"]);
        assert_eq!(texts(&page, "svg.bars rect.in-person title"), ["3"]);
        assert_eq!(texts(&page, "svg.bars rect.remote title"), ["1"]);
        assert_eq!(texts(&page, "svg.trend rect title"), ["1", "0"]);

        // Arles over the years: this year's line holds the same numbers.
        let arles = page_of(&reader, "/reports/bodies/arles").await;
        let years = texts(&arles, "tbody th");
        assert_eq!(years.last(), Some(&year.to_string()));
        let cells = texts(&arles, "tbody tr td");
        assert_eq!(cells[cells.len() - 4..], ["2", "1", "1", "0"]);
        assert!(cells[..cells.len() - 4].iter().all(|c| c == "0"), "nothing before: {cells:?}");
        assert_eq!(texts(&arles, "p.summary"), ["Ses membres suivent aujourd'hui 0 groupe de travail."]);
        let nancy = page_of(&reader, "/reports/bodies/nancy").await;
        assert_eq!(texts(&nancy, "p.summary"), ["Ses membres suivent aujourd'hui 1 groupe de travail."]);

        let english = page_of(&reader, &format!("/reports/{year}?lang=en")).await;
        assert_eq!(texts(&english, "p.summary")[0],
            format!("In {year}, the club met 3 times: 1 spring plenary, 2 working-group sessions."));
    }

    async fn proposals_count_in_the_year_of_their_plenary(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.api_token(&admin);
        ok(&app, Method::POST, "/api/v1/organizations", &admin,
           json!({"slug": "lyon", "name": "Grand Lyon", "kind": "metropole", "club_status": "member"})).await;
        let manager = app.add_person("gestion@lyon.example", Some("lyon"), false, true);
        let manager_token = app.api_token(&manager);
        let next = Utc::now().year() + 1;
        let call = ok(&app, Method::POST, "/api/v1/hosting-calls", &admin, json!({
            "title": "Appel", "year": next, "wished_period_start": format!("{next}-06-01"),
            "wished_period_end": format!("{next}-06-30"), "deadline": format!("{next}-03-15"),
        })).await;
        let call = call["id"].as_str().expect("id");
        ok(&app, Method::POST, &format!("/api/v1/hosting-calls/{call}/proposals"), &manager_token, json!({
            "organization": "lyon", "time_zone": "Europe/Paris", "capacity": 60,
            "candidate_dates": [{"starts_at_local": format!("{next}-06-10T09:30"), "ends_at_local": format!("{next}-06-10T17:00")}],
            "venue": {"name": "Hôtel de la Métropole", "address": "20 rue du Lac", "city": "Lyon"},
            "contact": {"name": "Chef de projet", "email": "gestion@lyon.example", "phone": "04 00 00 00 00"},
        })).await;

        let reader = app.signed_in(&manager).await;
        let bodies = csv(&reader, &format!("/reports/{next}/bodies.csv")).await;
        assert_eq!(row(&bodies, "Grand Lyon")[1..], ["0", "0", "0", "1", "0"]);
        let this_year = csv(&reader, &format!("/reports/{}/bodies.csv", next - 1)).await;
        assert_eq!(row(&this_year, "Grand Lyon")[4], "0");
        let page = page_of(&reader, &format!("/reports/{next}")).await;
        assert_eq!(texts(&page, "p.summary"), [
            format!("En {next}, le club ne s'est pas réuni."),
            "1 proposition d'accueil pour la journée de printemps.".to_owned(),
        ]);
        // Outside the years the club plans in, and unknown tables: not found.
        for path in ["/reports/9999", "/reports/abc", &format!("/reports/{next}/people.csv")] {
            assert_eq!(reader.get(path).await.status(), 404, "{path}");
        }
        let current = reader.get("/reports").await;
        assert_eq!(current.status(), 303);
    }
}

on_both_backends! {
    async fn the_demo_club_reports_its_december_2017_session(backend: Backend) {
        let app = crate::helpers::spawn_demo_app(backend).await;
        let reader = app.add_person("lecteur@club.example", None, false, false);
        let reader = app.signed_in(&reader).await;
        let present = quorum::app::demo::club::PRESENT_2017_12_07.len();
        let page = page_of(&reader, "/reports/2017").await;
        let summary = texts(&page, "p.summary");
        assert!(summary[0].contains("1 réunion de décembre"), "{summary:?}");
        assert!(texts(&page, "svg.bars text.total").contains(&present.to_string()));
        let meetings = csv(&reader, "/reports/2017/meetings.csv").await;
        let december = meetings.iter().find(|m| m[2] == "Réunion de décembre").expect("the December session");
        assert_eq!(december[0], "2017-12-07");
        assert_eq!(december[7], present.to_string(), "in person: {december:?}");
        let bodies = csv(&reader, "/reports/2017/bodies.csv").await;
        let attended = bodies.iter().skip(1).filter(|b| b[1] == "1").count();
        assert_eq!(attended, present, "one person per body: {bodies:?}");
    }
}

on_both_backends! {
    async fn a_body_s_participation_over_the_years(backend: Backend) {
        let app = crate::helpers::spawn_demo_app(backend).await;
        let stranger = app.browser().get("/reports/bodies/nancy").await;
        assert_eq!(stranger.status(), 303, "strangers sign in first");
        let reader = app.add_person("elu@nancy.example", Some("nancy"), false, false);
        let reader = app.signed_in(&reader).await;
        // Nancy's page links to it for a signed-in reader only.
        let org = page_of(&reader, "/orgs/nancy").await;
        assert_eq!(crate::helpers::attr(&org, "a[href='/reports/bodies/nancy']", "href").as_deref(), Some("/reports/bodies/nancy"));
        let public = app.page("/orgs/nancy").await;
        assert!(crate::helpers::attr(&public, "a[href='/reports/bodies/nancy']", "href").is_none());

        let page = page_of(&reader, "/reports/bodies/nancy").await;
        assert_eq!(texts(&page, "h1"), ["Ville de Nancy : Participation au fil des années"]);
        let years: Vec<String> = texts(&page, "tbody th");
        let this_year = Utc::now().with_timezone(&chrono_tz::Europe::Paris).year();
        assert_eq!(years.len(), 10);
        assert_eq!(years[9], this_year.to_string());
        assert_eq!(reader.get("/reports/bodies/nowhere").await.status(), 404);
    }
}
