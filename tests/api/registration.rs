//! Registration questions a plenary needs: the lunch and the dietary and
//! accessibility needs, seen by the person and the organizers only, the
//! caterer's counts, and the organizers' compact table sorted by a header.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestPerson, attr, send, spawn_demo_app, texts};
use crate::on_both_backends;
use crate::rsvp_pages::{answer, meeting, organizer, organizer_person, page, parse_csv, person};

/// The caller's answer through the API.
async fn put_rsvp(app: &TestApp, id: &str, who: &TestPerson, body: Value) -> (u16, Value) {
    let token = app.api_token(who);
    send(
        app,
        Method::PUT,
        &format!("/api/v1/meetings/{id}/rsvp"),
        &token,
        Some(body),
    )
    .await
}

fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .expect("field errors")
        .iter()
        .map(|e| e["field"].as_str().expect("a field").to_owned())
        .collect()
}

fn stored(app: &TestApp, id: &str, who: &TestPerson) -> Option<quorum::db::rsvps::Rsvp> {
    app.with_conn(|conn| quorum::db::rsvps::find(conn, id, &who.id).expect("query"))
        .map(|p| p.rsvp)
}

on_both_backends! {
    async fn lunch_and_needs_are_counted_for_organizers_and_hidden_from_others(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({ "capacity": 2, "asks_lunch": true })).await;
        let anne = person(&app, "anne@nancy.example", "Anne Nancy", Some("nancy"));
        let bruno = person(&app, "bruno@strasbourg.example", "Bruno Strasbourg", Some("strasbourg"));
        let chloe = person(&app, "chloe@vincennes.example", "Chloé Vincennes", Some("vincennes"));
        let (status, mine) = put_rsvp(&app, &id, &anne, json!({
            "answer": "yes", "attendance": "in_person", "lunch": true, "dietary_needs": " Sans gluten ",
        })).await;
        assert_eq!(status, 200, "{mine}");
        assert_eq!((mine["state"].as_str(), mine["lunch"].as_bool()), (Some("confirmed"), Some(true)));
        assert_eq!(mine["dietary_needs"], "Sans gluten");
        let (status, _) = put_rsvp(&app, &id, &bruno, json!({
            "answer": "yes", "lunch": false, "accessibility_needs": "Fauteuil roulant",
        })).await;
        assert_eq!(status, 200);
        // the third "yes" waits: their lunch is not counted
        let (status, waits) = put_rsvp(&app, &id, &chloe, json!({
            "answer": "yes", "lunch": true, "dietary_needs": "Végétarien",
        })).await;
        assert_eq!((status, waits["state"].as_str()), (200, Some("waitlisted")));

        // organizers: the API, the page and the CSV
        let admin = app.api_token(&organizer_person(&app));
        let (status, all) = send(&app, Method::GET, &format!("/api/v1/meetings/{id}/rsvps"), &admin, None).await;
        assert_eq!(status, 200);
        let list = all.as_array().or_else(|| all["items"].as_array()).expect("a list");
        let of = |email: &str| list.iter().find(|r| r["person"]["email"] == email).expect("an answer").clone();
        assert_eq!(of("anne@nancy.example")["lunch"], true);
        assert_eq!(of("bruno@strasbourg.example")["accessibility_needs"], "Fauteuil roulant");
        assert_eq!(of("chloe@vincennes.example")["dietary_needs"], "Végétarien");

        let organizer = organizer(&app).await;
        let participants = page(&organizer, &format!("/meetings/{id}/participants")).await;
        assert_eq!(texts(&participants, "section.catering dd.lunches"), ["1"]);
        assert_eq!(texts(&participants, "ul.needs.dietary li"), ["Anne Nancy (Ville de Nancy) — Sans gluten"]);
        assert_eq!(
            texts(&participants, "ul.needs.accessibility li"),
            ["Bruno Strasbourg (Eurométropole de Strasbourg) — Fauteuil roulant"]
        );
        let csv = organizer.get(&format!("/meetings/{id}/participants.csv")).await;
        assert_eq!(csv.status(), 200);
        let rows = parse_csv(&csv.bytes().await.expect("a body"));
        assert_eq!(rows[0][10..], ["Déjeuner", "Régime alimentaire", "Accessibilité"]);
        let row = |email: &str| rows.iter().find(|r| r[2] == email).expect("a row").clone();
        assert_eq!(row("anne@nancy.example")[10..], ["oui", "Sans gluten", ""]);
        assert_eq!(row("bruno@strasbourg.example")[10..], ["non", "", "Fauteuil roulant"]);
        assert_eq!(rows.last().expect("rows")[..2], ["Déjeuners", "1"]);

        // the person sees their own
        let own = page(&app.signed_in(&anne).await, &format!("/meetings/{id}")).await;
        assert_eq!(attr(&own, "input#dietary_needs", "value").as_deref(), Some("Sans gluten"));
        assert_eq!(attr(&own, "input#lunch", "checked").as_deref(), Some(""));

        // a colleague of Anne's body who does not organize, a plain member,
        // a stranger: none sees anyone's needs
        let colleague = person(&app, "collegue@nancy.example", "Collègue Nancy", Some("nancy"));
        let member = person(&app, "membre@arles.example", "Membre Arles", Some("arles"));
        for who in [&colleague, &member] {
            let token = app.api_token(who);
            let (status, _) = send(&app, Method::GET, &format!("/api/v1/meetings/{id}/rsvps"), &token, None).await;
            assert_eq!(status, 403, "{}", who.email);
            let browser = app.signed_in(who).await;
            for path in [format!("/meetings/{id}/participants"), format!("/meetings/{id}/participants.csv")] {
                assert_eq!(browser.get(&path).await.status(), 403, "{path}");
            }
            let body = browser.get(&format!("/meetings/{id}")).await.text().await.expect("a body");
            for secret in ["Sans gluten", "Fauteuil roulant", "Végétarien"] {
                assert!(!body.contains(secret), "{} sees {secret}", who.email);
            }
        }
        let stranger = app.browser();
        for path in [format!("/meetings/{id}/participants"), format!("/meetings/{id}/participants.csv")] {
            assert_ne!(stranger.get(&path).await.status(), 200, "{path}");
        }
        for path in [format!("/meetings/{id}"), format!("/meetings/{id}.ics"), "/calendar.ics".to_owned()] {
            let body = stranger.get(&path).await.text().await.expect("a body");
            assert!(!body.contains("Sans gluten") && !body.contains("Fauteuil"), "{path}");
        }
    }
}

on_both_backends! {
    async fn bad_needs_and_an_unasked_lunch_are_refused_and_nothing_is_stored(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({ "capacity": 10, "format": "hybrid" })).await;
        let admin = app.api_token(&organizer_person(&app));
        let (_, read) = send(&app, Method::GET, &format!("/api/v1/meetings/{id}"), &admin, None).await;
        assert_eq!(read["asks_lunch"], false, "not asked unless the organizers say so");
        let anne = person(&app, "anne@nancy.example", "Anne Nancy", Some("nancy"));

        let (status, problem) = put_rsvp(&app, &id, &anne, json!({ "answer": "yes", "lunch": true })).await;
        assert_eq!((status, fields(&problem)), (422, vec!["lunch".to_owned()]), "{problem}");
        let (status, problem) = put_rsvp(&app, &id, &anne, json!({
            "answer": "yes", "dietary_needs": "x".repeat(201), "accessibility_needs": "é".repeat(201),
        })).await;
        assert_eq!(status, 422);
        assert_eq!(fields(&problem), ["dietary_needs", "accessibility_needs"]);
        assert_eq!(stored(&app, &id, &anne), None, "nothing stored");
        // 200 characters are fine
        let (status, _) = put_rsvp(&app, &id, &anne, json!({ "answer": "yes", "dietary_needs": "é".repeat(200) })).await;
        assert_eq!(status, 200);

        // the page: the form again, what was typed kept, the field named
        let bruno = person(&app, "bruno@strasbourg.example", "Bruno Strasbourg", Some("strasbourg"));
        let browser = app.signed_in(&bruno).await;
        let long = "a".repeat(201);
        let sent = answer(&browser, &id, &[("answer", "yes"), ("accessibility_needs", &long), ("dietary_needs", "Halal")]).await;
        assert_eq!(sent.status(), 422);
        let again = scraper::Html::parse_document(&sent.text().await.expect("a body"));
        assert_eq!(attr(&again, "input#accessibility_needs", "value"), Some(long.clone()));
        assert_eq!(attr(&again, "input#accessibility_needs", "aria-invalid").as_deref(), Some("true"));
        assert_eq!(texts(&again, "#accessibility_needs-error"), ["200 caractères au plus"]);
        assert_eq!(attr(&again, "input#dietary_needs", "value").as_deref(), Some("Halal"));
        assert_eq!(stored(&app, &id, &bruno), None);
        // no lunch box on a meeting that does not ask
        assert!(texts(&again, "input#lunch").is_empty());

        // the organizers ask, by PATCH: the box appears and the lunch is kept
        let (status, patched) = send(&app, Method::PATCH, &format!("/api/v1/meetings/{id}"), &admin, Some(json!({ "asks_lunch": true }))).await;
        assert_eq!((status, patched["asks_lunch"].as_bool()), (200, Some(true)), "{patched}");
        let sent = answer(&browser, &id, &[("answer", "yes"), ("attendance", "in_person"), ("lunch", "on")]).await;
        assert_eq!(sent.status(), 303);
        assert_eq!(stored(&app, &id, &bruno).map(|r| r.lunch), Some(true));
        // remote: no lunch
        let (status, remote) = put_rsvp(&app, &id, &anne, json!({ "answer": "yes", "attendance": "remote", "lunch": true })).await;
        assert_eq!(status, 200);
        assert_eq!(remote["lunch"], false, "{remote}");
    }
}

on_both_backends! {
    async fn hostile_needs_show_as_text_to_organizers(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({ "capacity": 10 })).await;
        let anne = person(&app, "anne@nancy.example", "Anne Nancy", Some("nancy"));
        let hostile = "<script>alert(1)</script>";
        let (status, _) = put_rsvp(&app, &id, &anne, json!({ "answer": "yes", "dietary_needs": hostile })).await;
        assert_eq!(status, 200);
        let organizer = organizer(&app).await;
        let body = organizer.get(&format!("/meetings/{id}/participants")).await.text().await.expect("a body");
        assert!(!body.contains(hostile), "escaped");
        let html = scraper::Html::parse_document(&body);
        assert_eq!(texts(&html, "ul.needs.dietary li"), [format!("Anne Nancy (Ville de Nancy) — {hostile}")]);
        assert!(texts(&html, "main script").is_empty());
    }
}

on_both_backends! {
    async fn the_compact_table_sorts_by_the_chosen_header(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({ "capacity": 1 })).await;
        for (email, name, body, reply) in [
            ("zoe@arles.example", "Zoé Arles", "arles", "yes"),
            ("bruno@strasbourg.example", "Bruno Strasbourg", "strasbourg", "yes"),
            ("anne@nancy.example", "Anne Nancy", "nancy", "maybe"),
        ] {
            let who = person(&app, email, name, Some(body));
            let (status, _) = put_rsvp(&app, &id, &who, json!({ "answer": reply })).await;
            assert_eq!(status, 200);
        }
        let organizer = organizer(&app).await;
        let names = |html: &scraper::Html| texts(html, "table.compact tbody th[scope=row]");
        let sorted = |html: &scraper::Html| texts(html, "table.compact th[aria-sort=ascending]");

        let by_name = page(&organizer, &format!("/meetings/{id}/participants?sort=name")).await;
        assert_eq!(names(&by_name), ["Anne Nancy", "Bruno Strasbourg", "Zoé Arles"]);
        assert_eq!(sorted(&by_name), ["Nom"]);
        let by_state = page(&organizer, &format!("/meetings/{id}/participants?sort=state")).await;
        assert_eq!(names(&by_state), ["Zoé Arles", "Bruno Strasbourg", "Anne Nancy"]);
        assert_eq!(texts(&by_state, "table.compact tbody tr:nth-child(2) td:nth-of-type(4)"), ["en liste d'attente (1)"]);
        let by_answer = page(&organizer, &format!("/meetings/{id}/participants?sort=answer")).await;
        assert_eq!(names(&by_answer), ["Bruno Strasbourg", "Zoé Arles", "Anne Nancy"]);
        // an unknown column: the default order (by body), no error
        let unknown = page(&organizer, &format!("/meetings/{id}/participants?sort=%3Cx%3E")).await;
        assert_eq!(names(&unknown), ["Bruno Strasbourg", "Zoé Arles", "Anne Nancy"]);
        assert_eq!(sorted(&unknown), ["Collectivité ou structure"]);
        assert_eq!(
            attr(&unknown, "table.compact thead th:first-child a", "href").as_deref(),
            Some("?sort=name#table")
        );

        let css = app.get("/static/quorum.css").await.text().await.expect("css");
        let print = &css[css.find("@media print").expect("a print sheet")..];
        for rule in ["form, button, nav { display: none; }", "a[href]::after { content: none !important; }", "tr { page-break-inside: avoid; }"] {
            assert!(print.contains(rule), "{rule}");
        }
    }
}

on_both_backends! {
    async fn the_demo_plenaries_ask_about_lunch_and_two_answers_take_it(backend: Backend) {
        use diesel::prelude::*;
        use quorum::db::schema::{meetings, rsvps};
        let app = spawn_demo_app(backend).await;
        let plenaries: Vec<bool> = app.with_conn(|conn| {
            meetings::table
                .filter(meetings::kind.eq("spring_plenary"))
                .select(meetings::asks_lunch)
                .load(conn)
                .expect("plenaries")
        });
        assert_eq!(plenaries, [true, true]);
        let lunches: Vec<(bool, String)> = app.with_conn(|conn| {
            rsvps::table
                .filter(rsvps::lunch.eq(true))
                .select((rsvps::lunch, rsvps::dietary_needs))
                .order(rsvps::dietary_needs.desc())
                .load(conn)
                .expect("answers")
        });
        assert_eq!(lunches, [(true, "Végétarien".to_owned()), (true, String::new())]);
    }
}
