//! Action items: who raises and changes them, what bad input does, how
//! open items carry over to a group's later sessions, reminders sent once,
//! and the list of open items by owner.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{Value, json};

use crate::attendance::page_of;
use crate::helpers::{TestApp, api, first_meeting_id, send, spawn_demo_app, texts};
use crate::join::session_with;
use crate::on_both_backends;

fn items(app: &TestApp) -> i64 {
    use quorum::db::schema::action_items;
    app.with_conn(|conn| action_items::table.count().get_result(conn).expect("count"))
}

fn reminded_to(app: &TestApp) -> Vec<String> {
    use quorum::db::schema::outbox_messages;
    let mut to: Vec<String> = app.with_conn(|conn| {
        outbox_messages::table
            .filter(outbox_messages::kind.eq("action_reminder"))
            .select(outbox_messages::recipient)
            .load(conn)
            .expect("outbox")
    });
    to.sort();
    to
}

fn remind(app: &TestApp) -> usize {
    let settings = app.settings.clone();
    app.with_conn(|conn| {
        quorum::db::write_transaction(conn, |conn| {
            quorum::services::actions::queue_reminders(
                conn,
                &settings,
                quorum::services::actions::today(),
            )
        })
        .expect("reminders")
    })
}

fn day_in(days: i64) -> String {
    (quorum::services::actions::today() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

async fn raise(app: &TestApp, meeting: &str, token: &str, body: Value) -> (u16, Value) {
    send(
        app,
        Method::POST,
        &format!("/api/v1/meetings/{meeting}/actions"),
        token,
        Some(body),
    )
    .await
}

async fn list(app: &TestApp, meeting: &str) -> Value {
    let (status, body) = api(
        app,
        Method::GET,
        &format!("/api/v1/meetings/{meeting}/actions"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

on_both_backends! {
    async fn organizers_raise_items_and_owners_close_them(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.api_token(&admin);
        let meeting = session_with(&app, &admin, 60 * 24, None).await;
        let member = app.add_person("membre@amiens.example", Some("amiens"), false, false);
        let member_token = app.api_token(&member);
        let manager = app.add_person("gestion@nancy.example", Some("nancy"), false, true);
        let manager_token = app.api_token(&manager);
        let before = items(&app);
        let item = json!({"text": "Écrire le connecteur <script>alert(1)</script>", "owner": {"kind": "organization", "slug": "nancy"}, "due_on": day_in(10)});

        let (anonymous, _) = api(&app, Method::POST, &format!("/api/v1/meetings/{meeting}/actions"), None, Some(&item)).await;
        assert_eq!(anonymous, 401);
        assert_eq!(raise(&app, &meeting, &member_token, item.clone()).await.0, 403, "a member is no organizer");
        let (status, problem) = raise(&app, &meeting, &admin, json!({"text": " ", "owner": {"kind": "organization"}, "due_on": "15/03/2027"})).await;
        assert_eq!(status, 422);
        let fields: Vec<&str> = problem["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["text", "owner", "due_on"]);
        let (status, problem) = raise(&app, &meeting, &admin, json!({"text": "x", "owner": {"kind": "person", "email": "nobody@nowhere.example"}})).await;
        assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("owner")));
        assert_eq!(items(&app), before, "nothing stored");

        let (status, raised) = raise(&app, &meeting, &admin, item).await;
        assert_eq!(status, 201, "{raised}");
        assert_eq!(raised["owner"]["name"], "Ville de Nancy");
        assert_eq!(raised["state"], "open");
        let id = raised["id"].as_str().expect("id").to_owned();
        let (status, mine) = raise(&app, &meeting, &admin, json!({"text": "Relire la doc", "owner": {"kind": "person", "email": member.email}})).await;
        assert_eq!(status, 201, "{mine}");
        let mine = mine["id"].as_str().expect("id").to_owned();
        let (status, _) = raise(&app, &meeting, &admin, json!({"text": "Tous : tester", "owner": {"kind": "club"}})).await;
        assert_eq!(status, 201);

        // a stranger to the item may not close it; its body's manager may
        let path = format!("/api/v1/actions/{id}");
        assert_eq!(send(&app, Method::PATCH, &path, &member_token, Some(json!({"state": "done"}))).await.0, 403);
        let (status, problem) = send(&app, Method::PATCH, &path, &manager_token, Some(json!({"state": "finished"}))).await;
        assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("state")));
        let (status, done) = send(&app, Method::PATCH, &path, &manager_token, Some(json!({"state": "done"}))).await;
        assert_eq!((status, done["state"].as_str()), (200, Some("done")));
        // the person who owns an item drops it
        let (status, dropped) = send(&app, Method::PATCH, &format!("/api/v1/actions/{mine}"), &member_token, Some(json!({"state": "dropped"}))).await;
        assert_eq!((status, dropped["state"].as_str()), (200, Some("dropped")));

        let read = list(&app, &meeting).await;
        let states: Vec<&str> = read["raised_here"].as_array().expect("items").iter().filter_map(|i| i["state"].as_str()).collect();
        assert_eq!(states, ["done", "dropped", "open"]);
        // the page escapes what was written
        let html = app.get(&format!("/meetings/{meeting}")).await.text().await.expect("page");
        assert!(html.contains("Écrire le connecteur &#60;script&#62;"), "escaped");
        assert!(!html.contains("<script>alert"), "never a script");
    }

    async fn open_items_carry_over_to_the_group_s_later_sessions(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.api_token(&admin);
        let earlier = session_with(&app, &admin, -60 * 24 * 3, None).await;
        let later = session_with(&app, &admin, 60 * 24 * 3, None).await;
        let (status, other) = send(&app, Method::POST, "/api/v1/meetings", &admin, Some(json!({
            "kind": "working_group_session", "working_group": "elections", "title": "Élections",
            "starts_at_local": crate::join::local_in(60 * 24 * 4),
        }))).await;
        assert_eq!(status, 201, "{other}");
        let other = other["id"].as_str().expect("id").to_owned();
        let (_, open) = raise(&app, &earlier, &admin, json!({"text": "Comparer les modèles d'actes", "owner": {"kind": "club"}})).await;
        let (_, closed) = raise(&app, &earlier, &admin, json!({"text": "Déjà fait", "owner": {"kind": "club"}})).await;
        send(&app, Method::PATCH, &format!("/api/v1/actions/{}", closed["id"].as_str().expect("id")), &admin, Some(json!({"state": "done"}))).await;

        let carried = list(&app, &later).await;
        let texts_of = |v: &Value| -> Vec<String> { v.as_array().expect("items").iter().filter_map(|i| i["text"].as_str().map(str::to_owned)).collect() };
        assert_eq!(texts_of(&carried["carried_over"]), ["Comparer les modèles d'actes"], "open items only");
        assert!(texts_of(&carried["raised_here"]).is_empty());
        assert!(texts_of(&list(&app, &other).await["carried_over"]).is_empty(), "not another group's");
        assert!(texts_of(&list(&app, &earlier).await["carried_over"]).is_empty(), "not to its own session");
        let page = app.page(&format!("/meetings/{later}")).await;
        assert_eq!(texts(&page, "ul.carried .action-text"), ["Comparer les modèles d'actes"]);

        send(&app, Method::PATCH, &format!("/api/v1/actions/{}", open["id"].as_str().expect("id")), &admin, Some(json!({"state": "done"}))).await;
        assert!(texts_of(&list(&app, &later).await["carried_over"]).is_empty(), "done: no longer carried");
    }

    async fn owners_are_reminded_once_before_the_due_date(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin_person = app.add_person("admin@club.example", None, true, false);
        let admin = app.api_token(&admin_person);
        let meeting = session_with(&app, &admin, 60, None).await;
        let member = app.add_person("membre@amiens.example", Some("amiens"), false, false);
        let manager = app.add_person("gestion@vincennes.example", Some("vincennes"), false, true);
        for body in [
            json!({"text": "Demain", "owner": {"kind": "person", "email": member.email}, "due_on": day_in(1)}),
            json!({"text": "Dans deux jours", "owner": {"kind": "organization", "slug": "vincennes"}, "due_on": day_in(2)}),
            json!({"text": "Pour le club", "owner": {"kind": "club"}, "due_on": day_in(3)}),
            json!({"text": "Plus tard", "owner": {"kind": "person", "email": member.email}, "due_on": day_in(10)}),
            json!({"text": "Sans date", "owner": {"kind": "person", "email": member.email}}),
        ] {
            assert_eq!(raise(&app, &meeting, &admin, body).await.0, 201);
        }
        let (_, done) = raise(&app, &meeting, &admin, json!({"text": "Déjà fait", "owner": {"kind": "person", "email": member.email}, "due_on": day_in(1)})).await;
        send(&app, Method::PATCH, &format!("/api/v1/actions/{}", done["id"].as_str().expect("id")), &admin, Some(json!({"state": "done"}))).await;

        let first = remind(&app);
        let mut expected = vec![member.email.clone(), manager.email.clone(), admin_person.email.clone()];
        expected.sort();
        assert_eq!(reminded_to(&app), expected, "the owner, the body's managers, the club item's author");
        assert!(first >= 3, "{first}");
        assert_eq!(remind(&app), 0, "once per item");
        assert_eq!(reminded_to(&app).len(), 3);
    }

    async fn the_club_s_open_items_by_owner(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let stranger = app.browser().get("/actions").await;
        assert_eq!(stranger.status(), 303, "strangers sign in first");
        let reader = app.add_person("lecteur@club.example", None, false, false);
        let reader = app.signed_in(&reader).await;
        let page = page_of(&reader, "/actions").await;
        // the December 2017 session's items: only the club's is still open
        assert_eq!(texts(&page, "main section h2"), ["les membres du club"]);
        let open = texts(&page, "main .action-text");
        assert_eq!(open.len(), 1, "{open:?}");
        assert!(open[0].starts_with("Initier des débats"), "{open:?}");
        assert!(texts(&page, "main li.overdue strong").len() == 1, "past its date");

        let december = first_meeting_id(&app, "kind=december_session&include_past=true").await;
        let all = list(&app, &december).await;
        let states: Vec<&str> = all["raised_here"].as_array().expect("items").iter().filter_map(|i| i["state"].as_str()).collect();
        assert_eq!(states, ["done", "done", "done", "dropped", "open"], "the report's five actions");
        assert_eq!(all["raised_here"][0]["owner"]["name"], "Entr'ouvert");
    }
}

on_both_backends! {
    async fn the_meeting_page_raises_and_closes_items(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin_person = app.add_person("admin@club.example", None, true, false);
        let admin = app.api_token(&admin_person);
        let meeting = session_with(&app, &admin, 60, None).await;
        let browser = app.signed_in(&admin_person).await;
        let page = page_of(&browser, &format!("/meetings/{meeting}")).await;
        assert_eq!(texts(&page, "section.actions details summary"), ["Ajouter une action"]);
        let before = items(&app);

        let path = format!("/meetings/{meeting}/actions");
        let refused = browser.post_form(&path, &[("text", "Comparer les actes"), ("owner_kind", "organization"), ("owner", "atlantis"), ("due_on", "")]).await;
        assert_eq!(refused.status(), 422);
        let page = scraper::Html::parse_document(&refused.text().await.expect("page"));
        assert_eq!(texts(&page, "[role=alert] li"), ["Collectivité ou personne : personne ni collectivité du club ne porte ce nom"]);
        assert_eq!(texts(&page, "#text"), ["Comparer les actes"]);
        assert_eq!(crate::helpers::attr(&page, "#owner", "value").as_deref(), Some("atlantis"));
        assert_eq!(crate::helpers::attr(&page, "#owner_kind-organization", "checked").as_deref(), Some(""));
        assert_eq!(items(&app), before);

        let raised = browser.post_form(&path, &[("text", "Comparer les actes"), ("owner_kind", "organization"), ("owner", "nancy"), ("due_on", &day_in(5))]).await;
        assert_eq!(raised.status(), 303);
        let page = page_of(&browser, &format!("/meetings/{meeting}")).await;
        assert_eq!(texts(&page, "ul.raised .action-text"), ["Comparer les actes"]);
        let item = crate::helpers::attr(&page, "ul.raised li", "id").expect("an id").trim_start_matches("action-").to_owned();
        let done = browser.post_form(&format!("/actions/{item}/state"), &[("state", "done"), ("back", &format!("/meetings/{meeting}"))]).await;
        assert_eq!(done.status(), 303);
        let page = page_of(&browser, &format!("/meetings/{meeting}")).await;
        assert_eq!(texts(&page, "ul.raised .state"), ["faite"]);
        assert_eq!(texts(&page, "ul.raised button"), ["Rouvrir"]);
    }
}
