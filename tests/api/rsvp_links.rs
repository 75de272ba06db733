//! One-click answer links and the invitations that carry them.

use std::collections::BTreeSet;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestPerson, attr, spawn_app, spawn_demo_app, texts};
use crate::on_both_backends;
use crate::smtp::parse;

/// The path of `person`'s link to `meeting`, as an invitation gives it.
fn link(app: &TestApp, meeting: &str, person: &TestPerson, answer: &str) -> String {
    let token = quorum::services::links::sign(&app.settings.secret_key, meeting, &person.id)
        .expect("a token");
    format!("/meetings/{meeting}/answer/{token}?answer={answer}")
}

/// `person`'s answer to `meeting`, if any: (answer, state, position).
fn answer_of(
    app: &TestApp,
    meeting: &str,
    person: &TestPerson,
) -> Option<(String, String, Option<i64>)> {
    app.with_conn(|conn| quorum::db::rsvps::find(conn, meeting, &person.id).expect("query"))
        .map(|p| (p.rsvp.answer, p.rsvp.state, p.waitlist_position))
}

fn set_meeting(app: &TestApp, meeting: &str, change: impl FnOnce(&mut quorum::db::DbConn, &str)) {
    app.with_conn(|conn| change(conn, meeting));
}

async fn page_of(response: reqwest::Response) -> scraper::Html {
    scraper::Html::parse_document(&response.text().await.expect("a body"))
}

async fn post_json(app: &TestApp, path: &str, token: &str, body: &Value) -> (u16, Value) {
    crate::helpers::api(app, reqwest::Method::POST, path, Some(token), Some(body)).await
}

/// The one-click links of a message's text part, as paths of the site.
fn answer_links_in(raw: &[u8], base_url: &str) -> Vec<String> {
    let message = parse(raw);
    let text = message.body_text(0).expect("a text part").into_owned();
    text.split_whitespace()
        .filter(|word| word.starts_with(base_url) && word.contains("/answer/"))
        .map(|url| url[base_url.len()..].to_owned())
        .collect()
}

/// A day some weeks ahead, as the API's local date-time.
fn weeks_ahead(weeks: i64, hour: u32) -> String {
    let day = quorum::app::demo::today() + chrono::Duration::weeks(weeks);
    format!("{}T{hour:02}:00", day.format("%Y-%m-%d"))
}

on_both_backends! {
    async fn a_link_shows_the_answer_then_records_it_on_the_click(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let session = crate::helpers::first_meeting_id(&app, "working_group=etat-civil").await;
        let person = app.add_person("claire.martin@nancy.example", Some("nancy"), false, false);
        let path = link(&app, &session, &person, "maybe");

        let browser = app.browser();
        let shown = browser.get(&path).await;
        assert_eq!(shown.status(), 200);
        assert_eq!(shown.headers()["referrer-policy"], "same-origin");
        assert_eq!(shown.headers()["cache-control"], "no-store");
        let html = page_of(shown).await;
        assert_eq!(texts(&html, "a.meeting-title"), ["Groupe de travail État-civil"]);
        let when = texts(&html, "dl.facts time");
        assert!(when[0].ends_with("10 h 00 – 11 h 30 (heure de Paris)"), "the meeting's zone, in French: {when:?}");
        assert_eq!(attr(&html, "input[name=answer][checked]", "value").as_deref(), Some("maybe"));
        assert!(texts(&html, "fieldset#attendance").is_empty(), "a remote session has one attendance");
        assert_eq!(answer_of(&app, &session, &person), None, "opening the link changes nothing");

        // a post without the form's token is refused
        let forged = browser.post_raw(&path, &[("answer", "yes")]).await;
        assert_eq!(forged.status(), 403);
        assert_eq!(answer_of(&app, &session, &person), None);

        let done = browser
            .post_form(&path, &[
                ("answer", "yes"),
                ("project_highlight", "Une démarche de co-construction avec les usagers."),
                ("wished_development", "Des rapports personnalisables pour les élus."),
                ("listed", "on"),
            ])
            .await;
        assert_eq!(done.status(), 200);
        assert_eq!(done.headers()["referrer-policy"], "same-origin");
        let html = page_of(done).await;
        assert_eq!(texts(&html, "#outcome .state"), ["inscription confirmée"]);
        assert_eq!(answer_of(&app, &session, &person), Some(("yes".into(), "confirmed".into(), None)));
        let stored = app.with_conn(|conn| quorum::db::rsvps::find(conn, &session, &person.id).expect("query")).expect("an answer");
        assert_eq!(stored.rsvp.wished_development, "Des rapports personnalisables pour les élus.");
        assert!(stored.rsvp.listed);

        // the link answers again: the same answer, changed
        let again = browser.get(&path).await;
        let html = page_of(again).await;
        assert_eq!(texts(&html, "#current"), ["Votre réponse actuelle : oui — inscription confirmée"]);
        assert_eq!(texts(&html, "textarea#project_highlight"), ["Une démarche de co-construction avec les usagers."]);
        assert_eq!(browser.post_form(&path, &[("answer", "no")]).await.status(), 200);
        assert_eq!(answer_of(&app, &session, &person), Some(("no".into(), "declined".into(), None)));
        let count: i64 = app.with_conn(|conn| {
            use quorum::db::schema::rsvps::dsl as r;
            r::rsvps.filter(r::person_id.eq(&person.id)).count().get_result(conn).expect("count")
        });
        assert_eq!(count, 1, "one answer per person");

        // the link signs nobody in
        assert_eq!(browser.get("/me").await.status(), 303);
    }

    async fn a_tampered_or_misused_link_is_not_valid(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let session = crate::helpers::first_meeting_id(&app, "working_group=etat-civil").await;
        let other_session = crate::helpers::first_meeting_id(&app, "working_group=elections").await;
        let claire = app.add_person("claire.martin@nancy.example", Some("nancy"), false, false);
        let paul = app.add_person("paul.durand@arles.example", Some("arles"), false, false);
        let good = link(&app, &session, &claire, "yes");
        let token = good.split('/').nth(4).and_then(|t| t.split('?').next()).expect("a token").to_owned();

        let mut tampered = token.clone().into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).expect("ascii");
        // Claire's MAC with Paul's id in front of it
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).expect("base64");
        let paul_id = uuid::Uuid::parse_str(&paul.id).expect("a UUID");
        bytes[..16].copy_from_slice(paul_id.as_bytes());
        let for_paul = URL_SAFE_NO_PAD.encode(&bytes);

        let browser = app.browser();
        for path in [
            format!("/meetings/{session}/answer/{tampered}?answer=yes"),
            format!("/meetings/{other_session}/answer/{token}?answer=yes"),
            format!("/meetings/{session}/answer/{for_paul}?answer=yes"),
            format!("/meetings/{session}/answer/{}?answer=yes", &token[..20]),
        ] {
            let shown = browser.get(&path).await;
            assert_eq!(shown.status(), 404, "{path}");
            assert_eq!(shown.headers()["referrer-policy"], "same-origin");
            let html = page_of(shown).await;
            assert_eq!(texts(&html, "h1"), ["Ce lien n'est pas valide"], "{path}");
            let used = browser.post_form(&path, &[("answer", "yes")]).await;
            assert_eq!(used.status(), 404, "{path}");
        }
        assert_eq!(answer_of(&app, &session, &claire), None);
        assert_eq!(answer_of(&app, &session, &paul), None);
        assert_eq!(answer_of(&app, &other_session, &claire), None);
        // the genuine link still works
        assert_eq!(browser.post_form(&good, &[("answer", "yes")]).await.status(), 200);
        assert_eq!(answer_of(&app, &session, &claire).map(|a| a.0).as_deref(), Some("yes"));
    }

    async fn a_link_expires_when_the_meeting_ends(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let session = crate::helpers::first_meeting_id(&app, "working_group=etat-civil").await;
        let person = app.add_person("claire.martin@nancy.example", Some("nancy"), false, false);
        let path = link(&app, &session, &person, "yes");
        set_meeting(&app, &session, |conn, id| {
            use quorum::db::schema::meetings::dsl as m;
            let now = quorum::db::now();
            diesel::update(m::meetings.filter(m::id.eq(id)))
                .set((m::starts_at.eq(now - chrono::Duration::hours(3)), m::ends_at.eq(now - chrono::Duration::hours(1))))
                .execute(conn)
                .expect("moved to the past");
        });
        let browser = app.browser();
        let shown = browser.get(&path).await;
        assert_eq!(shown.status(), 410);
        assert_eq!(shown.headers()["referrer-policy"], "same-origin");
        let html = page_of(shown).await;
        assert_eq!(texts(&html, "h1"), ["Ce lien a expiré"]);
        assert!(texts(&html, "form button").is_empty(), "no button on an expired link");
        let used = browser.post_form(&path, &[("answer", "yes")]).await;
        assert_eq!(used.status(), 410);
        assert_eq!(answer_of(&app, &session, &person), None);
    }

    async fn after_the_deadline_a_link_is_refused_as_everywhere(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let session = crate::helpers::first_meeting_id(&app, "working_group=etat-civil").await;
        let person = app.add_person("claire.martin@nancy.example", Some("nancy"), false, false);
        let path = link(&app, &session, &person, "yes");
        set_meeting(&app, &session, |conn, id| {
            use quorum::db::schema::meetings::dsl as m;
            diesel::update(m::meetings.filter(m::id.eq(id)))
                .set(m::rsvp_deadline.eq(Some(quorum::db::now() - chrono::Duration::hours(1))))
                .execute(conn)
                .expect("deadline passed");
        });
        let browser = app.browser();
        let shown = browser.get(&path).await;
        assert_eq!(shown.status(), 403);
        let refusal = texts(&page_of(shown).await, "#refusal");
        let used = browser.post_form(&path, &[("answer", "yes")]).await;
        assert_eq!(used.status(), 403);
        assert_eq!(texts(&page_of(used).await, "#refusal"), refusal);
        assert_eq!(answer_of(&app, &session, &person), None);
        // the same words as the API's refusal
        let token = app.api_token(&person);
        let response = app
            .client
            .put(format!("{}/api/v1/meetings/{session}/rsvp", app.address))
            .bearer_auth(&token)
            .json(&json!({"answer": "yes"}))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 403);
        let problem: Value = response.json().await.expect("json");
        assert_eq!(refusal, [problem["detail"].as_str().expect("a detail").to_owned()]);
    }

    async fn a_link_to_a_full_session_shows_the_place_in_line(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let session = crate::helpers::first_meeting_id(&app, "working_group=connecteur-courrier").await;
        let person = app.add_person("nouvelle.venue@amiens.example", Some("amiens"), false, false);
        let path = link(&app, &session, &person, "yes");
        let browser = app.browser();
        let html = page_of(browser.get(&path).await).await;
        assert_eq!(attr(&html, "input[name=attendance][checked]", "value").as_deref(), Some("in_person"), "hybrid: attendance offered");
        let done = browser.post_form(&path, &[("answer", "yes"), ("attendance", "in_person")]).await;
        assert_eq!(done.status(), 200);
        let html = page_of(done).await;
        assert_eq!(texts(&html, "#outcome .state"), ["en liste d'attente"]);
        assert_eq!(texts(&html, "#outcome .position"), ["2"]);
        assert_eq!(answer_of(&app, &session, &person), Some(("yes".into(), "waitlisted".into(), Some(2))));
    }

    async fn invitations_go_once_to_the_group_with_each_persons_own_links(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let session = crate::helpers::first_meeting_id(&app, "working_group=etat-civil").await;
        let coordinator = app.add_person("coordination@vincennes.example", Some("vincennes"), false, false);
        app.make_coordinator(&coordinator, "etat-civil");
        let french = app.add_person("etat-civil@nancy.example", Some("nancy"), false, false);
        let english = app.add_person("civil.status@partner.example", None, false, false);
        let quiet = app.add_person("silence@arles.example", Some("arles"), false, false);
        let answered = app.add_person("deja@sicoval.example", Some("sicoval"), false, false);
        let outsider = app.add_person("ailleurs@amiens.example", Some("amiens"), false, false);
        app.with_conn(|conn| {
            use quorum::db::schema::people::dsl as p;
            let group = quorum::db::working_groups::find_by_slug(conn, "etat-civil").expect("query").expect("group");
            for follower in [&french, &english, &quiet, &answered] {
                quorum::db::working_groups::follow(conn, &follower.id, &group.id).expect("follow");
            }
            diesel::update(p::people.filter(p::id.eq(&english.id))).set(p::language.eq("en")).execute(conn).expect("english");
            diesel::update(p::people.filter(p::id.eq(&quiet.id))).set(p::notify_group_sessions.eq(false)).execute(conn).expect("no mail");
        });
        let answered_token = app.api_token(&answered);
        let put = app.client.put(format!("{}/api/v1/meetings/{session}/rsvp", app.address))
            .bearer_auth(&answered_token).json(&json!({"answer": "maybe"})).send().await.expect("answered");
        assert_eq!(put.status(), 200);

        // only organizers invite
        let path = format!("/api/v1/meetings/{session}/invitations");
        assert_eq!(post_json(&app, &path, &app.api_token(&french), &json!({})).await.0, 403);
        let anonymous = app.client.post(format!("{}{path}", app.address)).send().await.expect("answered");
        assert_eq!(anonymous.status(), 401);
        let member_page = app.signed_in(&outsider).await;
        assert_eq!(member_page.post_form(&format!("/meetings/{session}/invite"), &[]).await.status(), 403);

        let token = app.api_token(&coordinator);
        let (status, first) = post_json(&app, &path, &token, &json!({})).await;
        assert_eq!(status, 200, "{first}");
        // the two followers who want mail, this coordinator and the club's (Brice Mallet)
        assert_eq!(first, json!({"queued": 4}));
        let (status, second) = post_json(&app, &path, &token, &json!({})).await;
        assert_eq!(status, 200);
        assert_eq!(second, json!({"queued": 0}), "pressing twice queues nothing new");
        // the page's button too
        let organizer = app.signed_in(&coordinator).await;
        let page = page_of(organizer.get(&format!("/meetings/{session}")).await).await;
        assert_eq!(attr(&page, "form.invite", "action"), Some(format!("/meetings/{session}/invite")));
        let pressed = organizer.post_form(&format!("/meetings/{session}/invite"), &[("confirm", "yes")]).await;
        assert_eq!(pressed.status(), 303);
        assert_eq!(pressed.headers()["location"], format!("/meetings/{session}?invited=0").as_str());
        let queued: i64 = app.with_conn(|conn| {
            use quorum::db::schema::outbox_messages::dsl as o;
            o::outbox_messages.filter(o::kind.eq("invitation")).count().get_result(conn).expect("count")
        });
        assert_eq!(queued, 4);

        let sent = app.wait_for_mail(4).await;
        let invitations: Vec<_> = sent.iter().filter(|m| {
            parse(&m.raw).subject().is_some_and(|s| s.starts_with("Invitation"))
        }).collect();
        let recipients: BTreeSet<&str> = invitations.iter().map(|m| m.to.as_str()).collect();
        let expected: BTreeSet<&str> = [
            french.email.as_str(),
            english.email.as_str(),
            coordinator.email.as_str(),
            "brice.mallet@entrouvert.example",
        ].into();
        assert_eq!(recipients, expected);
        assert_eq!(invitations.len(), 4, "one each");

        let base_url = app.address.clone();
        let mail_to = |person: &TestPerson| {
            invitations.iter().find(|m| m.to == person.email).expect("an invitation").raw.clone()
        };
        let french_mail = mail_to(&french);
        let message = parse(&french_mail);
        assert_eq!(message.subject(), Some("Invitation : Groupe de travail État-civil"));
        let text = message.body_text(0).expect("text").into_owned();
        assert!(text.starts_with("Bonjour Test Person,"), "{text}");
        assert!(text.contains("Ordre du jour"), "{text}");
        let html = message.body_html(0).expect("html").into_owned();
        assert!(html.contains(">Peut-être</a>"), "{html}");
        let links = answer_links_in(&french_mail, &base_url);
        assert_eq!(links.len(), 3, "{links:?}");
        for (link, answer) in links.iter().zip(["yes", "maybe", "no"]) {
            assert!(link.starts_with(&format!("/meetings/{session}/answer/")), "{link}");
            assert!(link.ends_with(&format!("?answer={answer}")), "{link}");
            let token = link.split('/').nth(4).and_then(|t| t.split('?').next()).expect("a token");
            assert_eq!(
                quorum::services::links::verify(&app.settings.secret_key, &session, token).as_deref(),
                Some(french.id.as_str()),
                "the link is the recipient's own"
            );
        }
        // the mail's own link answers for its recipient
        let browser = app.browser();
        assert_eq!(browser.get(&links[0]).await.status(), 200);
        assert_eq!(browser.post_form(&links[0], &[("answer", "yes")]).await.status(), 200);
        assert_eq!(answer_of(&app, &session, &french).map(|a| a.0).as_deref(), Some("yes"));

        let english_mail = mail_to(&english);
        let message = parse(&english_mail);
        assert_eq!(message.subject(), Some("Invitation: Groupe de travail État-civil"));
        assert!(message.body_text(0).expect("text").starts_with("Hello Test Person,"));
        let links = answer_links_in(&english_mail, &base_url);
        assert_eq!(links.len(), 3);
        let shown = page_of(app.browser().get(&links[2]).await).await;
        assert_eq!(texts(&shown, "h1"), ["Answer the invitation"], "the page speaks the person's language");
        assert_eq!(app.browser().post_form(&links[2], &[("answer", "no")]).await.status(), 200);
        assert_eq!(answer_of(&app, &session, &english).map(|a| a.0).as_deref(), Some("no"));
        assert_eq!(answer_of(&app, &session, &french).map(|a| a.0).as_deref(), Some("yes"), "each link its own person");
    }

    async fn invitations_need_a_scheduled_meeting_to_come_and_escape_its_title(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let member = app.add_person("membre@club.example", None, false, false);
        let token = app.api_token(&admin);
        let title = r#"<script>alert("x")</script> & <b>Club</b>"#;
        let meeting = json!({
            "kind": "december_session",
            "title": title,
            "starts_at_local": weeks_ahead(6, 14),
            "ends_at_local": weeks_ahead(6, 17),
            "time_zone": "Europe/Paris",
            "venue": {"name": "Salle <i>du conseil</i>", "city": "Lyon"}
        });
        let (status, created) = post_json(&app, "/api/v1/meetings", &token, &meeting).await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().expect("id").to_owned();
        let path = format!("/api/v1/meetings/{id}/invitations");
        assert_eq!(post_json(&app, &path, &app.api_token(&member), &json!({})).await.0, 403);
        let (status, queued) = post_json(&app, &path, &token, &json!({})).await;
        assert_eq!(status, 200);
        assert_eq!(queued, json!({"queued": 2}), "every person of the club");

        let sent = app.wait_for_mail(2).await;
        let mail = sent.iter().find(|m| m.to == member.email).expect("the member's invitation");
        let message = parse(&mail.raw);
        assert_eq!(message.subject(), Some(format!("Invitation : {title}").as_str()));
        let html = message.body_html(0).expect("html").into_owned();
        assert!(!html.contains("<script") && !html.contains("<b>") && !html.contains("<i>"), "{html}");
        let document = scraper::Html::parse_document(&html);
        assert!(texts(&document, "script, b, i").is_empty(), "{html}");
        assert!(texts(&document, "p").iter().any(|p| p.contains(title)), "the title reads as written");
        let links = answer_links_in(&mail.raw, &app.address);
        let shown = page_of(app.browser().get(&links[0]).await).await;
        assert_eq!(texts(&shown, "a.meeting-title"), [title]);

        // a draft, a cancelled meeting, a past one: 409
        let draft = json!({
            "kind": "spring_plenary", "title": "Journée de printemps", "status": "draft",
            "starts_at_local": weeks_ahead(20, 9), "ends_at_local": weeks_ahead(20, 17), "time_zone": "Europe/Paris"
        });
        let (status, created) = post_json(&app, "/api/v1/meetings", &token, &draft).await;
        assert_eq!(status, 201, "{created}");
        let draft_id = created["id"].as_str().expect("id").to_owned();
        let (status, problem) = post_json(&app, &format!("/api/v1/meetings/{draft_id}/invitations"), &token, &json!({})).await;
        assert_eq!(status, 409);
        assert!(problem["detail"].as_str().expect("detail").contains("brouillon"), "{problem}");

        set_meeting(&app, &id, |conn, id| {
            use quorum::db::schema::meetings::dsl as m;
            let now = quorum::db::now();
            diesel::update(m::meetings.filter(m::id.eq(id)))
                .set((m::starts_at.eq(now - chrono::Duration::hours(3)), m::ends_at.eq(now - chrono::Duration::hours(1))))
                .execute(conn)
                .expect("moved to the past");
        });
        let (status, problem) = post_json(&app, &path, &token, &json!({})).await;
        assert_eq!(status, 409);
        assert!(problem["detail"].as_str().expect("detail").contains("passée"), "{problem}");

        let scheduled = app
            .client
            .patch(format!("{}/api/v1/meetings/{draft_id}", app.address))
            .bearer_auth(&token)
            .json(&json!({"status": "scheduled"}))
            .send()
            .await
            .expect("answered");
        assert_eq!(scheduled.status(), 200);
        assert_eq!(post_json(&app, &format!("/api/v1/meetings/{draft_id}/cancel"), &token, &json!({})).await.0, 200);
        let (status, problem) = post_json(&app, &format!("/api/v1/meetings/{draft_id}/invitations"), &token, &json!({})).await;
        assert_eq!(status, 409);
        assert!(problem["detail"].as_str().expect("detail").contains("annulée"), "{problem}");
    }
}
