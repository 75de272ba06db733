//! The meetings API: what connectors build on.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_demo_app};
use crate::on_both_backends;

async fn get_json(app: &TestApp, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: &Value,
) -> (u16, Value) {
    let response = app
        .client
        .request(method, format!("{}{path}", app.address))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

on_both_backends! {
    async fn meetings_are_listed_in_start_order_with_their_zone(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (status, page) = get_json(&app, "/api/v1/meetings", None).await;
        assert_eq!(status, 200);
        let items = page["items"].as_array().expect("items");
        assert_eq!(items.len(), 5, "the December session and four group sessions; no draft, no past");
        let starts: Vec<chrono::DateTime<chrono::FixedOffset>> = items
            .iter()
            .map(|m| chrono::DateTime::parse_from_rfc3339(m["starts_at"].as_str().expect("starts_at")).expect("rfc3339"))
            .collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(items[0]["kind"], "december_session");
        assert_eq!(items[0]["time_zone"], "Europe/Paris");
        assert!(items[0]["starts_at"].as_str().expect("text").ends_with("T14:00:00+01:00"));
        assert_eq!(items[0]["venue"]["city"], "69006 Lyon");

        // pages follow each other without gap or repeat
        let (_, first) = get_json(&app, "/api/v1/meetings?limit=2", None).await;
        let cursor = first["next_cursor"].as_str().expect("a next page").to_owned();
        let (_, second) = get_json(&app, &format!("/api/v1/meetings?limit=2&cursor={cursor}"), None).await;
        let ids: Vec<&str> = first["items"].as_array().expect("items").iter().chain(second["items"].as_array().expect("items"))
            .map(|m| m["id"].as_str().expect("id")).collect();
        let expected: Vec<&str> = items.iter().take(4).map(|m| m["id"].as_str().expect("id")).collect();
        assert_eq!(ids, expected);

        let (_, all) = get_json(&app, "/api/v1/meetings?include_past=true&kind=december_session", None).await;
        assert_eq!(all["items"].as_array().expect("items").len(), 2);
        let (_, group) = get_json(&app, "/api/v1/meetings?working_group=etat-civil", None).await;
        assert_eq!(group["items"].as_array().expect("items").len(), 1);
        let (status, _) = get_json(&app, "/api/v1/meetings?kind=party", None).await;
        assert_eq!(status, 422);
    }

    async fn an_admin_creates_moves_and_cancels_a_meeting(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let plenary = json!({
            "kind": "spring_plenary",
            "title": "Journée de printemps à Lyon",
            "starts_at_local": "2027-06-10T09:30",
            "time_zone": "Europe/Paris",
            "venue": {"name": "Hôtel de la Métropole", "city": "Lyon"},
            "host_organization": "grand-lyon",
            "capacity": 80
        });
        let (status, created) = send(&app, reqwest::Method::POST, "/api/v1/meetings", &token, &plenary).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["starts_at"], "2027-06-10T09:30:00+02:00");
        assert_eq!(created["ends_at"], "2027-06-10T17:00:00+02:00");
        assert_eq!(created["format"], "in_person");
        assert_eq!(created["host_organization"], "grand-lyon");
        assert_eq!(created["sequence"], 0);
        let id = created["id"].as_str().expect("id").to_owned();

        let (status, agenda) = send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &token, &json!({"agenda": "Tour de table"})).await;
        assert_eq!(status, 200);
        assert_eq!(agenda["sequence"], 0);
        assert_eq!(agenda["capacity"], 80);
        let (status, moved) = send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &token, &json!({"starts_at_local": "2027-06-17T09:30", "ends_at_local": "2027-06-17T17:00"})).await;
        assert_eq!(status, 200);
        assert_eq!(moved["sequence"], 1);
        assert_eq!(moved["starts_at"], "2027-06-17T09:30:00+02:00");
        let (status, refused) = send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &token, &json!({"starts_at_local": "2027-03-28T02:30"})).await;
        assert_eq!(status, 422);
        assert_eq!(refused["errors"][0]["field"], "starts_at_local");
        let (status, bad_deadline) = send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &token, &json!({"rsvp_deadline": "next week"})).await;
        assert_eq!(status, 422);
        assert_eq!(bad_deadline["errors"][0]["field"], "rsvp_deadline");
        let (_, unchanged) = get_json(&app, &format!("/api/v1/meetings/{id}"), None).await;
        assert_eq!(unchanged["starts_at"], "2027-06-17T09:30:00+02:00");

        let (status, cancelled) = send(&app, reqwest::Method::POST, &format!("/api/v1/meetings/{id}/cancel"), &token, &json!({})).await;
        assert_eq!(status, 200);
        assert_eq!(cancelled["status"], "cancelled");
        assert_eq!(cancelled["sequence"], 2);
    }

    async fn meeting_writes_follow_the_roles(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let session = json!({"kind": "working_group_session", "title": "Social : ateliers", "starts_at_local": "2027-04-15T10:00", "working_group": "social"});
        let anonymous = app.client.post(format!("{}/api/v1/meetings", app.address)).json(&session).send().await.expect("answered");
        assert_eq!(anonymous.status(), 401);
        let member = app.add_person("member@arles.fr", None, false, false);
        let member_token = app.api_token(&member);
        assert_eq!(send(&app, reqwest::Method::POST, "/api/v1/meetings", &member_token, &session).await.0, 403);
        let coordinator = app.add_person("coord@arles.fr", None, false, false);
        app.make_coordinator(&coordinator, "social");
        let token = app.api_token(&coordinator);
        let (status, created) = send(&app, reqwest::Method::POST, "/api/v1/meetings", &token, &session).await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().expect("id").to_owned();
        // moving it to a group they do not coordinate is refused
        assert_eq!(send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &token, &json!({"working_group": "elections"})).await.0, 403);
        assert_eq!(send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &member_token, &json!({"title": "x"})).await.0, 403);
        // a draft is invisible to the public and to members
        assert_eq!(send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &token, &json!({"status": "draft"})).await.0, 200);
        assert_eq!(get_json(&app, &format!("/api/v1/meetings/{id}"), None).await.0, 404);
        assert_eq!(get_json(&app, &format!("/api/v1/meetings/{id}"), Some(&member_token)).await.0, 404);
        assert_eq!(get_json(&app, &format!("/api/v1/meetings/{id}"), Some(&token)).await.0, 200);
        let (_, listed) = get_json(&app, "/api/v1/meetings?working_group=social", None).await;
        assert_eq!(listed["items"].as_array().expect("items").len(), 0);
        let (_, listed) = get_json(&app, "/api/v1/meetings?working_group=social", Some(&token)).await;
        assert_eq!(listed["items"].as_array().expect("items").len(), 1);
    }
}

on_both_backends! {
    async fn a_meeting_page_links_to_a_map_and_to_web_calendars(backend: Backend) {
        let app = crate::helpers::spawn_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let located = crate::feeds::create(&app, &token, json!({
            "kind": "spring_plenary", "title": "Plénière & \"atelier\" <b>", "starts_at_local": "2027-06-10T09:30",
            "ends_at_local": "2027-06-10T17:00", "time_zone": "Europe/Paris",
            "venue": {"name": "Hôtel de la Métropole", "address": "20 rue du Lac", "city": "69003 Lyon", "latitude": 45.7601, "longitude": 4.8597},
        })).await;
        let page = app.page(&format!("/meetings/{}", located["id"].as_str().expect("id"))).await;
        assert_eq!(
            crate::helpers::attr(&page, "a.map", "href").as_deref(),
            Some("https://www.openstreetmap.org/?mlat=45.76010&mlon=4.85970#map=17/45.76010/4.85970")
        );
        let links: Vec<String> = page
            .select(&scraper::Selector::parse(".add-to a").expect("selector"))
            .filter_map(|a| a.value().attr("href").map(str::to_owned))
            .collect();
        assert_eq!(links.len(), 3, "{links:?}");
        let google = reqwest::Url::parse(&links[1]).expect("a URL");
        let query: std::collections::HashMap<String, String> = google.query_pairs().into_owned().collect();
        assert_eq!(google.host_str(), Some("calendar.google.com"));
        assert_eq!(query["text"], "Plénière & \"atelier\" <b>", "the title, whole, in its own parameter");
        assert_eq!(query["dates"], "20270610T073000Z/20270610T150000Z");
        assert_eq!(query["location"], "Hôtel de la Métropole, 20 rue du Lac, 69003 Lyon");
        assert_eq!(query["details"], format!("{}/meetings/{}", app.settings.base_url, located["id"].as_str().expect("id")));
        let outlook = reqwest::Url::parse(&links[2]).expect("a URL");
        let query: std::collections::HashMap<String, String> = outlook.query_pairs().into_owned().collect();
        assert_eq!(query["startdt"], "2027-06-10T07:30:00+00:00");
        assert_eq!(query["subject"], "Plénière & \"atelier\" <b>");

        // without a point, the map searches for the address
        let addressed = crate::feeds::create(&app, &token, json!({
            "kind": "december_session", "title": "Décembre", "starts_at_local": "2027-12-09T14:00",
            "venue": {"name": "Parc des expositions", "address": "Chemin de Perrache", "city": "Lyon"},
        })).await;
        let page = app.page(&format!("/meetings/{}", addressed["id"].as_str().expect("id"))).await;
        let map = reqwest::Url::parse(&crate::helpers::attr(&page, "a.map", "href").expect("a map link")).expect("a URL");
        let query: std::collections::HashMap<String, String> = map.query_pairs().into_owned().collect();
        assert_eq!(query["query"], "Chemin de Perrache, Lyon");
    }
}
