//! Answering a meeting from its page, the public counts and names, and the
//! organizers' participant list and CSV.

use diesel::prelude::*;
use quorum::db::rsvps::find;
use serde_json::{Value, json};

use crate::chrome::Chrome;
use crate::helpers::{Backend, Browser, TestApp, TestPerson, attr, spawn_demo_app, texts};
use crate::on_both_backends;

/// A person with a name of their own (`add_person` names everyone alike).
pub(crate) fn person(app: &TestApp, email: &str, name: &str, body: Option<&str>) -> TestPerson {
    let new = quorum::domain::people::NewPerson::parse(email, name, body, false, false)
        .expect("valid person");
    let person = app.with_conn(|conn| quorum::db::people::create(conn, &new).expect("created"));
    TestPerson {
        id: person.id,
        email: person.email,
    }
}

/// A meeting made through the API by an admin; `extra` overrides the
/// defaults (an in-person December session in 2030).
pub(crate) async fn meeting(app: &TestApp, extra: Value) -> String {
    let token = app.api_token(&organizer_person(app));
    let mut body = json!({
        "kind": "december_session",
        "title": "Réunion de décembre 2030",
        "format": "in_person",
        "starts_at_local": "2030-12-05T14:00",
        "time_zone": "Europe/Paris",
    });
    for (key, value) in extra.as_object().expect("an object") {
        body[key] = value.clone();
    }
    let response = app
        .client
        .post(format!("{}/api/v1/meetings", app.address))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 201, "meeting created");
    let created: Value = response.json().await.expect("json");
    created["id"].as_str().expect("an id").to_owned()
}

const ORGANIZER: &str = "organizer@club.example";

/// The admin who organizes the test's meetings.
pub(crate) fn organizer_person(app: &TestApp) -> TestPerson {
    let existing =
        app.with_conn(|conn| quorum::db::people::find_by_email(conn, ORGANIZER).expect("query"));
    match existing {
        Some(p) => TestPerson {
            id: p.id,
            email: p.email,
        },
        None => app.add_person(ORGANIZER, None, true, false),
    }
}

/// A browser signed in as the organizer.
pub(crate) async fn organizer(app: &TestApp) -> Browser {
    app.signed_in(&organizer_person(app)).await
}

pub(crate) async fn answer(
    browser: &Browser,
    id: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    browser
        .post_form(&format!("/meetings/{id}/rsvp"), fields)
        .await
}

pub(crate) async fn page(browser: &Browser, path: &str) -> scraper::Html {
    let response = browser.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    scraper::Html::parse_document(&response.text().await.expect("a body"))
}

async fn html(response: reqwest::Response) -> scraper::Html {
    scraper::Html::parse_document(&response.text().await.expect("a body"))
}

fn state_of(app: &TestApp, meeting: &str, person: &TestPerson) -> Option<(String, Option<i64>)> {
    app.with_conn(|conn| find(conn, meeting, &person.id).expect("query"))
        .map(|p| (p.rsvp.state, p.waitlist_position))
}

fn set_deadline(app: &TestApp, meeting: &str, at: chrono::NaiveDateTime) {
    use quorum::db::schema::meetings;
    app.with_conn(|conn| {
        diesel::update(meetings::table.find(meeting))
            .set(meetings::rsvp_deadline.eq(Some(at)))
            .execute(conn)
            .expect("deadline moved")
    });
}

on_both_backends! {
    async fn answering_from_the_page_confirms_then_waitlists_with_a_place(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({ "capacity": 1 })).await;
        let mut browsers = Vec::new();
        for (i, body) in ["nancy", "strasbourg", "vincennes", "sicoval"].into_iter().enumerate() {
            let someone = person(&app, &format!("p{i}@{body}.example"), &format!("Personne {i}"), Some(body));
            let browser = app.signed_in(&someone).await;
            let sent = answer(&browser, &id, &[("answer", "yes"), ("comment", "Avec plaisir"), ("project_highlight", "Actes en ligne")]).await;
            assert_eq!(sent.status(), 303);
            assert_eq!(sent.headers()["location"], format!("/meetings/{id}?rsvp=saved#rsvp").as_str());
            browsers.push((someone, browser));
        }

        let first = page(&browsers[0].1, &format!("/meetings/{id}?rsvp=saved")).await;
        assert_eq!(texts(&first, "[role=status]"), ["Votre réponse est enregistrée."]);
        assert_eq!(texts(&first, ".rsvp-state"), ["Votre inscription est confirmée (sur place)."]);
        assert_eq!(attr(&first, "input#answer", "checked").as_deref(), Some(""), "the stored answer is shown");
        assert_eq!(texts(&first, "textarea#comment"), ["Avec plaisir"]);

        let fourth = page(&browsers[3].1, &format!("/meetings/{id}")).await;
        assert_eq!(
            texts(&fourth, ".rsvp-state"),
            ["Vous êtes 3ᵉ sur la liste d'attente (sur place) : toutes les places sont prises."]
        );
        let english = page(&browsers[3].1, &format!("/meetings/{id}?lang=en")).await;
        assert_eq!(
            texts(&english, ".rsvp-state"),
            ["You are 3rd on the waiting list (in person): every seat is taken."]
        );
        assert_eq!(state_of(&app, &id, &browsers[3].0), Some(("waitlisted".into(), Some(3))));
        let public = app.page(&format!("/meetings/{id}")).await;
        assert_eq!(texts(&public, ".counts"), ["1 inscrit sur place sur 1 place, 3 en liste d'attente"]);

        // the first no longer comes: the next in line gets the seat
        let withdrawn = browsers[0].1.post_form(&format!("/meetings/{id}/rsvp/withdraw"), &[]).await;
        assert_eq!(withdrawn.status(), 303);
        assert_eq!(state_of(&app, &id, &browsers[0].0), Some(("declined".into(), None)));
        assert_eq!(state_of(&app, &id, &browsers[1].0), Some(("confirmed".into(), None)));
        let second = page(&browsers[1].1, &format!("/meetings/{id}")).await;
        assert_eq!(texts(&second, ".rsvp-state"), ["Votre inscription est confirmée (sur place)."]);
        let last = page(&browsers[3].1, &format!("/meetings/{id}")).await;
        assert!(texts(&last, ".rsvp-state")[0].starts_with("Vous êtes 2ᵉ sur la liste d'attente"));
        let gone = page(&browsers[0].1, &format!("/meetings/{id}?rsvp=withdrawn")).await;
        assert_eq!(
            texts(&gone, "[role=status]"),
            ["Votre réponse est maintenant « non » : votre place est libérée. Ce que vous avez écrit pour le tour de table est gardé."]
        );
        assert_eq!(texts(&gone, ".rsvp-state"), ["Vous avez répondu que vous ne viendrez pas."]);
        assert_eq!(attr(&gone, "input[name=answer][value=no]", "checked").as_deref(), Some(""));
        // what the body wrote for the tour de table is not lost
        assert_eq!(texts(&gone, "textarea#project_highlight"), ["Actes en ligne"]);
        assert_eq!(texts(&gone, "textarea#comment"), ["Avec plaisir"]);
        assert!(texts(&gone, "form.withdraw").is_empty(), "a no has nothing to take back");
    }

    async fn a_full_room_is_said_before_answering_and_remote_is_offered(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({"format": "hybrid", "capacity": 1, "remote_capacity": 5})).await;
        let first = person(&app, "p0@nancy.example", "Personne 0", Some("nancy"));
        let browser = app.signed_in(&first).await;
        let before = page(&browser, &format!("/meetings/{id}")).await;
        assert_eq!(attr(&before, "input#attendance", "checked").as_deref(), Some(""), "in person while seats are free");
        assert!(!texts(&before, "label").iter().any(|l| l.contains("complet")));
        let sent = answer(&browser, &id, &[("answer", "yes"), ("attendance", "in_person")]).await;
        assert_eq!(sent.status(), 303);

        // the room is full: the next person sees it before answering, and
        // remote is what the form offers
        let second = person(&app, "p1@strasbourg.example", "Personne 1", Some("strasbourg"));
        let browser = app.signed_in(&second).await;
        let full = page(&browser, &format!("/meetings/{id}")).await;
        let labels = texts(&full, "label[for^=attendance]");
        assert_eq!(labels, ["sur place (complet : liste d'attente)", "à distance"], "{labels:?}");
        assert_eq!(attr(&full, "input#attendance-remote", "checked").as_deref(), Some(""));
        assert_eq!(attr(&full, "input#attendance", "checked"), None);
        let english = page(&browser, &format!("/meetings/{id}?lang=en")).await;
        assert_eq!(texts(&english, "label[for^=attendance]"), ["in person (full: waiting list)", "remote"]);
        // their own choice stays theirs
        let sent = answer(&browser, &id, &[("answer", "yes"), ("attendance", "in_person")]).await;
        assert_eq!(sent.status(), 303);
        assert_eq!(state_of(&app, &id, &second), Some(("waitlisted".into(), Some(1))));
        let after = page(&browser, &format!("/meetings/{id}")).await;
        assert_eq!(attr(&after, "input#attendance", "checked").as_deref(), Some(""));
    }

    async fn a_bad_answer_is_shown_again_and_nothing_is_stored(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({ "format": "hybrid", "capacity": 10 })).await;
        let member = person(&app, "chef@nancy.example", "Élodie Ménard", Some("nancy"));
        let browser = app.signed_in(&member).await;
        let long = "é".repeat(2001);
        let highlight = "Une démarche de co-construction systématique";
        let sent = answer(&browser, &id, &[
            ("answer", "yes"),
            ("attendance", "remote"),
            ("project_highlight", highlight),
            ("comment", &long),
            ("listed", "on"),
        ]).await;
        assert_eq!(sent.status(), 422);
        let shown = html(sent).await;
        assert_eq!(texts(&shown, "#comment-error"), ["2000 caractères au plus"]);
        assert_eq!(attr(&shown, "#comment", "aria-invalid").as_deref(), Some("true"));
        assert_eq!(attr(&shown, "#comment", "aria-describedby").as_deref(), Some("comment-error"));
        assert_eq!(attr(&shown, "[role=alert] a", "href").as_deref(), Some("#comment"));
        assert_eq!(texts(&shown, "textarea#comment"), [long.as_str()], "what was typed is kept");
        assert_eq!(texts(&shown, "textarea#project_highlight"), [highlight]);
        assert_eq!(attr(&shown, "input#answer", "checked").as_deref(), Some(""));
        assert_eq!(attr(&shown, "input#attendance-remote", "checked").as_deref(), Some(""));
        assert_eq!(attr(&shown, "input#listed", "checked").as_deref(), Some(""));
        assert_eq!(state_of(&app, &id, &member), None, "nothing stored");

        // an unknown answer points at the first radio of its group
        let sent = answer(&browser, &id, &[("answer", "perhaps")]).await;
        assert_eq!(sent.status(), 422);
        let shown = html(sent).await;
        assert_eq!(attr(&shown, "[role=alert] a", "href").as_deref(), Some("#answer"));
        assert_eq!(texts(&shown, "#answer-error").len(), 1);
        assert_eq!(state_of(&app, &id, &member), None);
    }

    async fn past_the_deadline_the_refusal_is_shown_and_nothing_changes(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({ "capacity": 10, "rsvp_deadline": "2030-12-01T12:00" })).await;
        let member = person(&app, "chef@nancy.example", "Élodie Ménard", Some("nancy"));
        let browser = app.signed_in(&member).await;
        assert_eq!(answer(&browser, &id, &[("answer", "yes"), ("comment", "Je viendrai")]).await.status(), 303);

        set_deadline(&app, &id, quorum::db::now() - chrono::Duration::hours(1));
        let sent = answer(&browser, &id, &[("answer", "no"), ("comment", "Finalement empêchée")]).await;
        assert_eq!(sent.status(), 403);
        let shown = html(sent).await;
        let alert = texts(&shown, ".refusal[role=alert]");
        assert_eq!(alert.len(), 1, "{alert:?}");
        assert!(alert[0].starts_with("La date limite des réponses est passée"), "{alert:?}");
        assert!(alert[0].contains("Finalement empêchée"), "what was written is shown back: {alert:?}");
        assert!(texts(&shown, "form.rsvp-form").is_empty(), "no form once answers are closed");
        assert_eq!(texts(&shown, ".rsvp-state"), ["Votre inscription est confirmée (sur place)."]);
        let stored = app.with_conn(|conn| find(conn, &id, &member.id).expect("query").expect("kept"));
        assert_eq!((stored.rsvp.answer.as_str(), stored.rsvp.comment.as_str()), ("yes", "Je viendrai"));
        assert_eq!(browser.post_form(&format!("/meetings/{id}/rsvp/withdraw"), &[]).await.status(), 403);
        assert!(state_of(&app, &id, &member).is_some());

        // the page says why instead of showing the form; organizers still answer
        let later = page(&browser, &format!("/meetings/{id}")).await;
        assert!(texts(&later, ".rsvp-closed")[0].starts_with("La date limite des réponses est passée"));
        assert!(texts(&later, "form.rsvp-form").is_empty());
        let organizer = organizer(&app).await;
        let theirs = page(&organizer, &format!("/meetings/{id}")).await;
        assert_eq!(texts(&theirs, "form.rsvp-form").len(), 1);
    }

    async fn the_public_page_counts_and_names_only_those_who_agreed(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({ "capacity": 10 })).await;
        let people = [
            ("a@vincennes.example", "<script>alert(1)</script>", "vincennes", "yes", true),
            ("b@nancy.example", "Bernard Discret", "nancy", "yes", false),
            ("c@nancy.example", "Claire Publique", "nancy", "yes", true),
            ("d@sicoval.example", "Denis Peut-être", "sicoval", "maybe", true),
        ];
        let mut browsers = Vec::new();
        for (email, name, body, reply, listed) in people {
            let browser = app.signed_in(&person(&app, email, name, Some(body))).await;
            let mut form = vec![("answer", reply)];
            if listed {
                form.push(("listed", "on"));
            }
            assert_eq!(answer(&browser, &id, &form).await.status(), 303);
            browsers.push(browser);
        }
        // a participant's own page holds the named list and the form: every
        // id once, so the "show my name" checkbox is named by its label
        let own = page(&browsers[2], &format!("/meetings/{id}")).await;
        let ids: Vec<&str> = own.select(&scraper::Selector::parse("[id]").expect("selector")).filter_map(|e| e.value().attr("id")).collect();
        let unique: std::collections::HashSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "an id twice: {ids:?}");
        assert_eq!(attr(&own, "label[for=listed]", "for").as_deref(), Some("listed"));
        assert_eq!(attr(&own, "#listed", "type").as_deref(), Some("checkbox"));
        let response = app.get(&format!("/meetings/{id}")).await;
        assert_eq!(response.status(), 200);
        let body = response.text().await.expect("a body");
        assert!(!body.contains("Bernard Discret"), "an unlisted name never appears");
        assert!(!body.contains("Denis Peut-être"), "only confirmed people are named");
        assert!(!body.contains("<script>alert(1)"), "names are escaped");
        let public = scraper::Html::parse_document(&body);
        assert_eq!(
            texts(&public, "ul.listed li"),
            ["Claire Publique — Ville de Nancy", "<script>alert(1)</script> — Ville de Vincennes"]
        );
        assert_eq!(texts(&public, ".counts"), ["3 inscrits sur place sur 10 places, 1 « peut-être »"]);
        assert_eq!(texts(&public, "a[href^='/signin?next=']"), ["Connectez-vous pour répondre"]);
        assert_eq!(attr(&public, "a[href^='/signin?next=']", "href"), Some(format!("/signin?next=/meetings/{id}")));
        assert!(texts(&public, "form.rsvp-form").is_empty());
        assert!(texts(&public, "a[href$='/participants']").is_empty(), "the list is for organizers");
        let english = app.page(&format!("/meetings/{id}?lang=en")).await;
        assert_eq!(texts(&english, ".counts"), ["3 registered in person of 10 seats, 1 “maybe”"]);
        assert_eq!(texts(&english, "a[href^='/signin?next=']"), ["Sign in to answer"]);

        // drafts and cancelled meetings take no answers
        let organizer = organizer(&app).await;
        assert_eq!(organizer.post_form(&format!("/meetings/{id}/cancel"), &[]).await.status(), 303);
        let cancelled = app.page(&format!("/meetings/{id}")).await;
        assert!(texts(&cancelled, "a[href^='/signin?next=']").is_empty());
        assert!(texts(&cancelled, ".rsvp-closed")[0].starts_with("Cette réunion est annulée"));
        let draft = meeting(&app, json!({ "status": "draft", "title": "Brouillon" })).await;
        let theirs = page(&organizer, &format!("/meetings/{draft}")).await;
        assert!(texts(&theirs, "form.rsvp-form").is_empty());
        assert!(texts(&theirs, ".rsvp-closed")[0].starts_with("Cette réunion n'est pas encore annoncée"));
    }

    async fn the_participant_list_is_for_organizers_and_grouped_by_body(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({ "format": "hybrid", "capacity": 2, "remote_capacity": 5 })).await;
        let people = [
            ("a@nancy.example", "Zoé Nancéienne", Some("nancy"), "yes", "in_person"),
            ("b@strasbourg.example", "Bruno Strasbourgeois", Some("strasbourg"), "yes", "remote"),
            ("c@nancy.example", "Agnès Nancéienne", Some("nancy"), "yes", "in_person"),
            ("d@free.example", "Dominique Sans Attache", None, "maybe", "in_person"),
            ("e@strasbourg.example", "Émile Strasbourgeois", Some("strasbourg"), "yes", "in_person"),
        ];
        for (email, name, body, reply, attendance) in people {
            let browser = app.signed_in(&person(&app, email, name, body)).await;
            let form = [("answer", reply), ("attendance", attendance), ("project_highlight", "Démarches en ligne")];
            assert_eq!(answer(&browser, &id, &form).await.status(), 303);
        }
        let path = format!("/meetings/{id}/participants");

        let member = app.signed_in(&person(&app, "m@nancy.example", "Membre", Some("nancy"))).await;
        assert_eq!(member.get(&path).await.status(), 403);
        assert_eq!(member.get(&format!("{path}.csv")).await.status(), 403);
        let anonymous = app.get(&path).await;
        assert_eq!(anonymous.status(), 303);
        assert!(anonymous.headers()["location"].to_str().expect("ascii").starts_with("/signin?next="));
        let draft = meeting(&app, json!({ "status": "draft" })).await;
        assert_eq!(member.get(&format!("/meetings/{draft}/participants")).await.status(), 404);

        let organizer = organizer(&app).await;
        let meeting_page = page(&organizer, &format!("/meetings/{id}")).await;
        assert_eq!(texts(&meeting_page, &format!("a[href='{path}']")), ["Liste des participants"]);
        let response = organizer.get(&path).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["cache-control"], "private, no-store");
        let list = html(response).await;
        assert_eq!(
            texts(&list, "section.body h3"),
            ["Eurométropole de Strasbourg", "Ville de Nancy", "Sans collectivité"]
        );
        assert_eq!(
            texts(&list, "section.body h4"),
            [
                "Bruno Strasbourgeois",
                "Émile Strasbourgeois",
                "Agnès Nancéienne",
                "Zoé Nancéienne",
                "Dominique Sans Attache",
            ]
        );
        let emile = texts(&list, "section.body:nth-of-type(1) article:nth-of-type(2) dd");
        assert_eq!(
            emile,
            [
                "e@strasbourg.example",
                "oui",
                "sur place",
                "en liste d'attente",
                "1 (toutes les places sont prises)",
                "Démarches en ligne",
            ]
        );
        assert_eq!(
            texts(&list, "section.waiting tbody tr > *"),
            ["1", "Émile Strasbourgeois", "Eurométropole de Strasbourg", "sur place", "toutes les places sont prises"]
        );
        assert_eq!(
            texts(&list, ".counts"),
            ["2 inscrits sur place sur 2 places, 1 à distance sur 5 places, 1 en liste d'attente, 1 « peut-être »"]
        );
        assert!(texts(&list, "section.awaiting").is_empty());
        assert_eq!(
            texts(&list, "section.body button"),
            [
                "Retirer Bruno Strasbourgeois",
                "Retirer Émile Strasbourgeois",
                "Retirer Agnès Nancéienne",
                "Retirer Zoé Nancéienne",
                "Retirer Dominique Sans Attache",
            ]
        );
    }

    async fn organizers_approve_refuse_and_remove_from_the_list(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({ "capacity": 1, "approval_required": true })).await;
        let observer = person(&app, "obs@oullins.example", "Olivier Observateur", Some("oullins"));
        let outsider = person(&app, "x@partner.example", "Xavier Extérieur", None);
        let member = person(&app, "m@nancy.example", "Marie Membre", Some("nancy"));
        for someone in [&observer, &outsider, &member] {
            let browser = app.signed_in(someone).await;
            assert_eq!(answer(&browser, &id, &[("answer", "yes")]).await.status(), 303);
        }
        let observer_page = page(&app.signed_in(&observer).await, &format!("/meetings/{id}")).await;
        assert_eq!(texts(&observer_page, ".rsvp-state"), ["Votre inscription attend la validation des organisateurs."]);

        let organizer = organizer(&app).await;
        let path = format!("/meetings/{id}/participants");
        let list = page(&organizer, &path).await;
        assert_eq!(
            texts(&list, "section.awaiting li .who"),
            ["Olivier Observateur — Ville d'Oullins", "Xavier Extérieur"]
        );
        assert_eq!(
            texts(&list, "section.awaiting li button"),
            ["Accepter Olivier Observateur", "Refuser Olivier Observateur", "Accepter Xavier Extérieur", "Refuser Xavier Extérieur"]
        );
        // only organizers decide
        let member_browser = app.signed_in(&member).await;
        let attempt = member_browser.post_form(&format!("{path}/{}/approve", observer.id), &[]).await;
        assert_eq!(attempt.status(), 403);
        assert_eq!(state_of(&app, &id, &observer), Some(("awaiting_approval".into(), None)));

        let approved = organizer.post_form(&format!("{path}/{}/approve", observer.id), &[]).await;
        assert_eq!(approved.status(), 303);
        assert_eq!(approved.headers()["location"], path.as_str());
        assert_eq!(state_of(&app, &id, &observer), Some(("waitlisted".into(), Some(1))), "the one seat is the member's");
        let refused = organizer.post_form(&format!("{path}/{}/refuse", outsider.id), &[]).await;
        assert_eq!(refused.status(), 303);
        assert_eq!(state_of(&app, &id, &outsider), Some(("refused".into(), None)));
        let outsider_page = page(&app.signed_in(&outsider).await, &format!("/meetings/{id}")).await;
        assert_eq!(texts(&outsider_page, ".rsvp-state"), ["Les organisateurs n'ont pas retenu votre inscription."]);

        let list = page(&organizer, &path).await;
        assert!(texts(&list, "section.awaiting").is_empty(), "nobody waits for a decision");
        assert_eq!(texts(&list, "section.body article button"), [
            "Retirer Marie Membre",
            "Retirer Olivier Observateur",
            "Accepter Xavier Extérieur",
            "Retirer Xavier Extérieur",
        ]);

        // removing the member frees the seat for the approved observer
        let removed = organizer.post_form(&format!("{path}/{}/withdraw", member.id), &[("confirm", "yes")]).await;
        assert_eq!(removed.status(), 303);
        assert_eq!(state_of(&app, &id, &member), None);
        assert_eq!(state_of(&app, &id, &observer), Some(("confirmed".into(), None)));
        let again = organizer.post_form(&format!("{path}/{}/withdraw", member.id), &[("confirm", "yes")]).await;
        assert_eq!(again.status(), 404, "nothing left to remove");
    }

    async fn the_csv_export_opens_in_a_spreadsheet_without_running_formulas(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({ "capacity": 10 })).await;
        let hostile = "=HYPERLINK(\"http://evil.example\";\"clic\")";
        let highlight = "Co-construction ; démarche \"itérative\"\nsur deux lignes";
        let first = app.signed_in(&person(&app, "e@nancy.example", "Élodie Ménard", Some("nancy"))).await;
        assert_eq!(answer(&first, &id, &[("answer", "yes"), ("comment", hostile), ("project_highlight", highlight)]).await.status(), 303);
        let second = app.signed_in(&person(&app, "b@strasbourg.example", "-Bruno", Some("strasbourg"))).await;
        assert_eq!(answer(&second, &id, &[("answer", "maybe"), ("wished_development", "@home")]).await.status(), 303);

        let organizer = organizer(&app).await;
        let response = organizer.get(&format!("/meetings/{id}/participants.csv")).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        assert_eq!(
            response.headers()["content-disposition"],
            "attachment; filename=\"participants-2030-12-05.csv\""
        );
        let bytes = response.bytes().await.expect("a body");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark for Excel");
        assert!(bytes.ends_with(b"\r\n"));
        let rows = parse_csv(&bytes);
        assert_eq!(
            rows[0],
            [
                "Collectivité ou structure", "Nom", "Adresse électronique", "Réponse", "Participation",
                "État", "Position en liste d'attente", "Ce qui est spécifique dans votre projet",
                "Le développement que vous souhaitez", "Commentaire", "Déjeuner", "Régime alimentaire",
                "Accessibilité",
            ]
        );
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(
            rows[1],
            ["Eurométropole de Strasbourg", "'-Bruno", "b@strasbourg.example", "peut-être", "sur place", "peut-être", "", "", "'@home", "", "", "", ""]
        );
        assert_eq!(rows[2][0], "Ville de Nancy");
        assert_eq!(rows[2][5], "inscription confirmée");
        assert_eq!(rows[2][7], highlight, "quoted, whole");
        assert_eq!(rows[2][9], format!("'{hostile}"), "the formula is text");

        let english = organizer.get(&format!("/meetings/{id}/participants.csv?lang=en")).await;
        let rows = parse_csv(&english.bytes().await.expect("a body"));
        assert_eq!(rows[0][..4], ["Body", "Name", "Email address", "Answer"]);
        assert_eq!(rows[2][5], "registration confirmed");
    }
}

/// Rows as Python's `csv` module reads them, the way a spreadsheet would.
pub(crate) fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let path = std::env::temp_dir().join(format!("quorum-{}.csv", uuid::Uuid::now_v7().simple()));
    std::fs::write(&path, bytes).expect("written");
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import csv, json, sys\n\
             with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n    \
                 print(json.dumps(list(csv.reader(f, delimiter=';'))))",
        )
        .arg(&path)
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_file(&path);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("rows as JSON")
}

#[tokio::test]
async fn answering_yes_with_the_labels_and_the_keyboard_in_a_browser() {
    use fantoccini::key::Key;

    let app = spawn_demo_app(Backend::Sqlite).await;
    let id = meeting(&app, json!({ "format": "hybrid", "capacity": 20 })).await;
    let member = person(&app, "chef@nancy.example", "Élodie Ménard", Some("nancy"));
    let chrome = Chrome::start(&app.address).await;
    crate::browser::sign_in(&app, &chrome, &member).await;
    chrome.goto(&format!("/meetings/{id}")).await;
    assert_eq!(
        chrome.text(".rsvp-state").await,
        "Vous n'avez pas encore répondu."
    );
    crate::browser::every_field_is_labelled(&chrome).await;
    assert_eq!(
        chrome.text("form.rsvp-form fieldset legend").await,
        "Participerez-vous ?"
    );

    // a click on a label picks its radio; the arrow keys move within the group
    chrome
        .find("label[for='answer-maybe']")
        .await
        .click()
        .await
        .expect("a click");
    assert_eq!(checked(&chrome, "#answer-maybe").await, "true");
    chrome.press(Key::Up).await;
    assert_eq!(
        checked(&chrome, "#answer").await,
        "true",
        "ArrowUp moved to « oui »"
    );
    assert_eq!(checked(&chrome, "#answer-maybe").await, "false");
    chrome
        .find("label[for='attendance-remote']")
        .await
        .click()
        .await
        .expect("a click");
    chrome
        .type_into("#project_highlight", "Une démarche de co-construction")
        .await;
    chrome
        .find("label[for='listed']")
        .await
        .click()
        .await
        .expect("a click");
    chrome.click("form.rsvp-form button[type=submit]").await;

    assert_eq!(chrome.path().await, format!("/meetings/{id}?rsvp=saved"));
    assert_eq!(
        chrome.text(".rsvp [role=status]").await,
        "Votre réponse est enregistrée."
    );
    assert_eq!(
        chrome.text(".rsvp-state").await,
        "Votre inscription est confirmée (à distance)."
    );
    assert_eq!(
        chrome.texts("ul.listed li").await,
        ["Élodie Ménard — Ville de Nancy"]
    );
    assert_eq!(checked(&chrome, "#answer").await, "true");
    assert_eq!(checked(&chrome, "#attendance-remote").await, "true");
    assert_eq!(
        chrome.value("#project_highlight").await,
        "Une démarche de co-construction"
    );
    let stored = app.with_conn(|conn| find(conn, &id, &member.id).expect("query").expect("stored"));
    assert_eq!(
        (
            stored.rsvp.answer.as_str(),
            stored.rsvp.attendance.as_str(),
            stored.rsvp.listed
        ),
        ("yes", "remote", true)
    );
}

/// Whether a radio or checkbox is ticked now, as the browser says.
async fn checked(chrome: &Chrome, css: &str) -> String {
    chrome
        .find(css)
        .await
        .prop("checked")
        .await
        .expect("a property")
        .unwrap_or_default()
}

on_both_backends! {
    async fn removing_a_participant_asks_first_and_tells_them_they_were_removed(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = meeting(&app, json!({ "capacity": 10 })).await;
        let member = person(&app, "marie@nancy.example", "Marie Membre", Some("nancy"));
        assert_eq!(answer(&app.signed_in(&member).await, &id, &[("answer", "yes")]).await.status(), 303);
        crate::helpers::mail_to(&app, &member.email, "Inscription confirmée").await;
        let organizer = organizer(&app).await;
        let path = format!("/meetings/{id}/participants/{}/withdraw", member.id);

        // the list's button leads to the confirmation page
        let list = page(&organizer, &format!("/meetings/{id}/participants")).await;
        assert_eq!(attr(&list, "section.body article form", "action").as_deref(), Some(path.as_str()));
        assert_eq!(attr(&list, "section.body article form", "method").as_deref(), Some("get"));
        let asked = page(&organizer, &path).await;
        assert_eq!(texts(&asked, "h1"), ["Retirer Marie Membre de la réunion ?"]);
        assert!(texts(&asked, "main li").iter().any(|l| l.contains("les organisateurs l'ont retiré")), "{:?}", texts(&asked, "main li"));
        assert_eq!(attr(&asked, "main form input[name=confirm]", "value").as_deref(), Some("yes"));
        assert_eq!(attr(&asked, "main form a", "href"), Some(format!("/meetings/{id}/participants")));

        // one click (a post without the confirmation) changes nothing
        let clicked = organizer.post_form(&path, &[]).await;
        assert_eq!(clicked.status(), 200);
        assert_eq!(texts(&html(clicked).await, "h1"), ["Retirer Marie Membre de la réunion ?"]);
        assert_eq!(state_of(&app, &id, &member), Some(("confirmed".into(), None)));

        let removed = organizer.post_form(&path, &[("confirm", "yes")]).await;
        assert_eq!(removed.status(), 303);
        let list = format!("/meetings/{id}/participants?done=removed");
        assert_eq!(removed.headers()["location"], list.as_str());
        assert_eq!(texts(&page(&organizer, &list).await, "[role=status]"), ["Participant retiré ; un courriel l'en informe."]);
        assert_eq!(state_of(&app, &id, &member), None);
        let (text, html_part, raw) = crate::helpers::mail_to(&app, &member.email, "Retiré de la liste des participants").await;
        assert!(text.contains("Les organisateurs ont retiré votre inscription à « Réunion de décembre 2030 »"), "{text}");
        assert!(html_part.contains("Les organisateurs ont retiré votre inscription"), "{html_part}");
        assert!(raw.contains("METHOD=CANCEL") || raw.contains("METHOD:CANCEL"), "the seat's calendar entry is cancelled");
        let subjects: Vec<String> = app.sent_mail().iter().filter(|m| m.to == member.email)
            .filter_map(|m| crate::smtp::parse(&m.raw).subject().map(str::to_owned)).collect();
        assert!(!subjects.iter().any(|s| s.starts_with("Inscription annulée")), "not as if they withdrew: {subjects:?}");
    }
}

on_both_backends! {
    async fn my_meetings_show_my_answers_my_place_in_line_and_my_groups(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let connector = crate::helpers::first_meeting_id(&app, "working_group=connecteur-courrier").await;
        let december = crate::helpers::first_meeting_id(&app, "kind=december_session").await;
        let me = app.add_person("nouvelle.venue@amiens.example", Some("amiens"), false, false);
        let token = app.api_token(&me);
        let reader = app.signed_in(&me).await;
        let before = crate::attendance::page_of(&reader, "/me").await;
        assert_eq!(texts(&before, "#my-coming + p.empty"), ["Aucune réunion à venir pour vous."]);

        for (meeting, body) in [
            (&connector, serde_json::json!({"answer": "yes", "attendance": "in_person"})),
            (&december, serde_json::json!({"answer": "maybe"})),
        ] {
            let (status, _) = crate::helpers::send(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{meeting}/rsvp"), &token, Some(body)).await;
            assert_eq!(status, 200);
        }
        let (status, _) = crate::helpers::send(&app, reqwest::Method::POST, "/api/v1/working-groups/etat-civil/follow", &token, None).await;
        assert!(status < 300, "{status}");
        // A session of the group that ended an hour ago: among the past ones.
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.api_token(&admin);
        let local = |minutes: i64| crate::join::local_in(minutes);
        let (status, past) = crate::helpers::send(&app, reqwest::Method::POST, "/api/v1/meetings", &admin, Some(serde_json::json!({
            "kind": "working_group_session", "working_group": "etat-civil", "title": "État-civil : bilan",
            "starts_at_local": local(-180), "ends_at_local": local(-60),
        }))).await;
        assert_eq!(status, 201, "{past}");

        let page = crate::attendance::page_of(&reader, "/me").await;
        let coming: Vec<(String, String)> = page
            .select(&scraper::Selector::parse("ul[aria-labelledby=my-coming] > li").expect("selector"))
            .map(|li| {
                let part = |css: &str| li.select(&scraper::Selector::parse(css).expect("selector")).next().map(|e| e.text().collect::<String>()).unwrap_or_default();
                (part("h4"), part(".my-answer"))
            })
            .collect();
        let answer_of = |title_part: &str| coming.iter().find(|(t, _)| t.contains(title_part)).map(|(_, a)| a.clone())
            .unwrap_or_else(|| panic!("{title_part} not among {coming:?}"));
        assert_eq!(answer_of("Connecteur"), "Ma réponse : en liste d'attente, 2ᵉ · sur place");
        assert_eq!(answer_of("réunion de décembre"), "Ma réponse : peut-être");
        assert_eq!(answer_of("État-civil"), "Ma réponse : pas encore répondu", "a session of a group I follow");
        assert!(coming.len() <= 10);
        let past_titles = texts(&page, "ul[aria-labelledby=my-past] h4");
        assert_eq!(past_titles.first().map(String::as_str), Some("État-civil : bilan"), "newest first: {past_titles:?}");

        let english = crate::attendance::page_of(&reader, "/me?lang=en").await;
        let answers = texts(&english, "ul[aria-labelledby=my-coming] .my-answer");
        assert!(answers.contains(&"My answer: on the waiting list, 2nd · in person".to_owned()), "{answers:?}");
    }
}

on_both_backends! {
    async fn my_meetings_offer_the_join_button_with_the_time_left(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.api_token(&admin);
        let session = crate::join::session_with(&app, &admin, 10, None).await;
        let follower = app.add_person("suit@arles.example", Some("arles"), false, false);
        let token = app.api_token(&follower);
        let (status, _) = crate::helpers::send(&app, reqwest::Method::POST, "/api/v1/working-groups/etat-civil/follow", &token, None).await;
        assert!(status < 300, "{status}");
        let reader = app.signed_in(&follower).await;
        let page = crate::attendance::page_of(&reader, "/me").await;
        let button = format!("ul[aria-labelledby=my-coming] a[href='/meetings/{session}/join']");
        assert_eq!(attr(&page, &button, "aria-describedby"), Some(format!("join-{session}")));
        let when = texts(&page, &format!("#join-{session}"));
        assert_eq!(when.len(), 1);
        assert!(when[0].starts_with("Commence dans ") && when[0].contains("la salle est ouverte"), "{when:?}");

        // someone who may not enter the room sees the meeting, not the button
        let other = app.add_person("autre@arles.example", Some("arles"), false, false);
        let other_token = app.api_token(&other);
        let (status, _) = crate::helpers::send(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{session}/rsvp"), &other_token, Some(json!({"answer": "maybe"}))).await;
        assert_eq!(status, 200);
        let page = crate::attendance::page_of(&app.signed_in(&other).await, "/me").await;
        assert!(!texts(&page, "ul[aria-labelledby=my-coming] h4").is_empty());
        assert!(attr(&page, &button, "href").is_none(), "a maybe has no seat in the room");
    }
}
