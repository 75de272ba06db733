//! Registering a colleague of one's own body: who may, whom, and what the
//! colleague is told.

use serde_json::{Value, json};

use crate::helpers::{TestApp, api, attr, mail_to, spawn_demo_app, texts};
use crate::on_both_backends;

/// A meeting made by an admin through the API; its id and the admin's token.
async fn meeting(app: &TestApp, fields: Value) -> (String, String) {
    let admin = app.add_person("organisatrice@club.example", None, true, false);
    let token = app.api_token(&admin);
    let mut body = json!({
        "kind": "spring_plenary",
        "title": "Journée de printemps",
        "starts_at_local": "2099-06-10T09:30",
        "time_zone": "Europe/Paris",
    });
    for (k, v) in fields.as_object().expect("fields") {
        body[k] = v.clone();
    }
    let (status, created) = api(
        app,
        reqwest::Method::POST,
        "/api/v1/meetings",
        Some(&token),
        Some(&body),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    (created["id"].as_str().expect("id").to_owned(), token)
}

async fn register(app: &TestApp, meeting: &str, token: Option<&str>, body: Value) -> (u16, Value) {
    api(
        app,
        reqwest::Method::POST,
        &format!("/api/v1/meetings/{meeting}/registrations"),
        token,
        Some(&body),
    )
    .await
}

async fn answers(app: &TestApp, meeting: &str, admin: &str) -> usize {
    let (status, list) = api(
        app,
        reqwest::Method::GET,
        &format!("/api/v1/meetings/{meeting}/rsvps"),
        Some(admin),
        None,
    )
    .await;
    assert_eq!(status, 200, "{list}");
    list["items"].as_array().expect("items").len()
}

fn people(app: &TestApp) -> usize {
    app.with_conn(|conn| quorum::db::people::list(conn).expect("people").len())
}

fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

on_both_backends! {
    async fn colleague_a_member_registers_colleagues_who_are_told(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (id, admin) = meeting(&app, json!({"capacity": 2})).await;
        let me = app.add_person("moi@nancy.example", Some("nancy"), false, false);
        let token = app.api_token(&me);
        let known = app.add_person("collegue@nancy.example", Some("nancy"), false, false);

        let (status, first) = register(&app, &id, Some(&token), json!({"email": known.email})).await;
        assert_eq!(status, 201, "{first}");
        assert_eq!(first["state"], "confirmed");
        assert_eq!(first["answer"], "yes");
        assert_eq!(first["person"]["id"], known.id);
        assert_eq!(first["waitlist_position"], Value::Null);

        let (status, new) = register(
            &app,
            &id,
            Some(&token),
            json!({"email": "nouvelle.recrue@nancy.example", "attendance": "in_person"}),
        )
        .await;
        assert_eq!(status, 201, "{new}");
        assert_eq!(new["state"], "confirmed");
        assert_eq!(new["person"]["organization"], "nancy", "created in the caller's body");
        assert_eq!(new["person"]["name"], "nouvelle.recrue", "named after the address");
        let created = app.with_conn(|conn| {
            quorum::db::people::find_by_email(conn, "nouvelle.recrue@nancy.example")
                .expect("read")
                .expect("created")
        });
        assert_eq!(created.language, "fr");

        // the two seats are taken: the next one waits, first in line
        let (status, third) = register(
            &app,
            &id,
            Some(&token),
            json!({"email": "troisieme@nancy.example", "name": "Troisième Agent"}),
        )
        .await;
        assert_eq!(status, 201, "{third}");
        assert_eq!(third["state"], "waitlisted");
        assert_eq!(third["waitlist_position"], 1);
        assert_eq!(third["person"]["name"], "Troisième Agent");
        assert_eq!(answers(&app, &id, &admin).await, 3);

        // each is told, once, who registered them
        for (email, subject) in [
            (known.email.as_str(), "Inscription confirmée"),
            ("nouvelle.recrue@nancy.example", "Inscription confirmée"),
            ("troisieme@nancy.example", "Sur la liste d'attente"),
        ] {
            let (text, html, _) = mail_to(&app, email, subject).await;
            assert!(text.contains("Test Person, de votre collectivité, vous a inscrit·e"), "{text}");
            assert!(text.contains("Journée de printemps"), "{text}");
            assert!(text.contains(&format!("/meetings/{id}")), "{text}");
            assert!(html.contains("vous a inscrit·e"), "{html}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let mut to: Vec<String> = app.sent_mail().into_iter().map(|m| m.to).collect();
        to.sort();
        assert_eq!(
            to,
            [
                "collegue@nancy.example",
                "nouvelle.recrue@nancy.example",
                "troisieme@nancy.example"
            ],
            "one mail each, none to the caller"
        );
    }

    async fn colleague_registrations_refused_change_nothing(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (id, admin) = meeting(&app, json!({"capacity": 10})).await;
        let me = app.add_person("moi@nancy.example", Some("nancy"), false, false);
        let token = app.api_token(&me);
        let lyon = app.add_person("agent@grand-lyon.example", Some("grand-lyon"), false, false);
        let nobody = app.add_person("seul@ailleurs.example", None, false, false);
        let observer = app.add_person("agent@sitiv.example", Some("sitiv"), false, false);
        let answered = app.add_person("deja@nancy.example", Some("nancy"), false, false);
        let (status, _) = api(
            &app,
            reqwest::Method::PUT,
            &format!("/api/v1/meetings/{id}/rsvp"),
            Some(&app.api_token(&answered)),
            Some(&json!({"answer": "no"})),
        )
        .await;
        assert_eq!(status, 200);
        let (rsvps, persons) = (answers(&app, &id, &admin).await, people(&app));
        let unchanged = |app: &TestApp| (app.sent_mail().len(), people(app));
        let mails = app.sent_mail().len();

        let fresh = json!({"email": "inconnu@nancy.example"});
        let (status, _) = register(&app, &id, None, fresh.clone()).await;
        assert_eq!(status, 401, "anonymous");
        let (status, body) = register(&app, &id, Some(&app.api_token(&nobody)), fresh.clone()).await;
        assert_eq!(status, 403, "no body: {body}");
        assert!(body["detail"].as_str().unwrap_or_default().contains("aucune collectivité"), "{body}");
        let (status, body) = register(&app, &id, Some(&app.api_token(&observer)), fresh.clone()).await;
        assert_eq!(status, 403, "an observer body: {body}");
        assert!(body["detail"].as_str().unwrap_or_default().contains("n'est pas membre"), "{body}");

        let (status, body) = register(&app, &id, Some(&token), json!({"email": lyon.email})).await;
        assert_eq!(status, 422, "another body: {body}");
        assert_eq!(fields(&body), ["email"]);
        assert!(body.to_string().contains("pas de votre collectivité"), "{body}");
        let (status, body) = register(&app, &id, Some(&token), json!({"email": nobody.email})).await;
        assert_eq!(status, 422, "no body: {body}");
        assert_eq!(fields(&body), ["email"]);
        let (status, body) = register(&app, &id, Some(&token), json!({"email": "MOI@nancy.example"})).await;
        assert_eq!(status, 422, "own address: {body}");
        assert_eq!(fields(&body), ["email"]);
        for bad in ["", "pas une adresse"] {
            let (status, body) = register(&app, &id, Some(&token), json!({"email": bad})).await;
            assert_eq!(status, 422, "{bad:?}: {body}");
            assert_eq!(fields(&body), ["email"]);
        }
        let (status, body) = register(&app, &id, Some(&token), json!({"email": answered.email})).await;
        assert_eq!(status, 409, "already answered: {body}");
        assert!(body["detail"].as_str().unwrap_or_default().contains("déjà inscrit·e"), "{body}");

        assert_eq!(answers(&app, &id, &admin).await, rsvps, "no answer stored");
        assert_eq!(people(&app), persons, "nobody created");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(unchanged(&app), (mails, persons), "no mail");
        let mine = app.with_conn(|conn| {
            quorum::db::rsvps::find(conn, &id, &answered.id).expect("read").expect("kept")
        });
        assert_eq!(mine.rsvp.answer, "no", "the answer already given is kept");
    }
}

on_both_backends! {
    async fn colleague_the_page_form_registers_or_comes_back_with_what_was_typed(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (id, _) = meeting(&app, json!({"capacity": 10})).await;
        let path = format!("/meetings/{id}");
        let form = "form[action$='/registrations']";

        // strangers and people without a member body get no form
        assert!(texts(&app.page(&path).await, form).is_empty());
        let loner = app.add_person("seul@ailleurs.example", None, false, false);
        assert!(texts(&page(&app.signed_in(&loner).await, &path).await, form).is_empty());

        let lead = app.add_person("lead@nancy.example", Some("nancy"), false, false);
        let browser = app.signed_in(&lead).await;
        let shown = page(&browser, &path).await;
        assert_eq!(texts(&shown, "#colleague"), ["Inscrire un·e collègue de ma collectivité"]);
        assert_eq!(attr(&shown, "label[for=colleague-email]", "for").as_deref(), Some("colleague-email"));

        // an empty address: the page again, the name kept, the field named
        let hostile = "Léa <script>alert(1)</script>";
        let sent = browser.post_form(&format!("/meetings/{id}/registrations"), &[("email", ""), ("name", hostile)]).await;
        assert_eq!(sent.status(), 422);
        let html = sent.text().await.expect("body");
        assert!(!html.contains("<script>alert"), "the name is escaped");
        let again = scraper::Html::parse_document(&html);
        assert_eq!(attr(&again, "#colleague-email", "aria-invalid").as_deref(), Some("true"));
        assert_eq!(attr(&again, "#colleague-name", "value").as_deref(), Some(hostile));
        assert_eq!(texts(&again, ".colleague [role=alert] li a").len(), 1);
        assert_eq!(count_rsvps(&app, &id), 0, "nothing stored");

        // a good one: back to the page, which says so; the colleague is a "yes"
        let sent = browser
            .post_form(&format!("/meetings/{id}/registrations"), &[("email", "collegue@nancy.example"), ("name", "Léa Collègue")])
            .await;
        assert_eq!(sent.status(), 303);
        assert_eq!(sent.headers()["location"], format!("/meetings/{id}?rsvp=colleague#rsvp").as_str());
        let done = page(&browser, &format!("/meetings/{id}?rsvp=colleague")).await;
        assert_eq!(texts(&done, "[role=status]"), ["Votre collègue est inscrit·e ; un message l'en informe."]);
        assert_eq!(count_rsvps(&app, &id), 1);

        // the same colleague again: refused, said on the page
        let sent = browser.post_form(&format!("/meetings/{id}/registrations"), &[("email", "collegue@nancy.example")]).await;
        assert_eq!(sent.status(), 409);
        let refused = scraper::Html::parse_document(&sent.text().await.expect("body"));
        assert_eq!(texts(&refused, ".colleague p[role=alert]").len(), 1);
        assert_eq!(attr(&refused, "#colleague-email", "value").as_deref(), Some("collegue@nancy.example"));
    }
}

fn count_rsvps(app: &TestApp, meeting: &str) -> i64 {
    use diesel::prelude::*;
    use quorum::db::schema::rsvps;
    app.with_conn(|conn| {
        rsvps::table
            .filter(rsvps::meeting_id.eq(meeting))
            .count()
            .get_result(conn)
            .expect("a count")
    })
}

async fn page(browser: &crate::helpers::Browser, path: &str) -> scraper::Html {
    let response = browser.get(path).await;
    scraper::Html::parse_document(&response.text().await.expect("body"))
}
