//! Minutes: organizers write a draft, then publish it; the first
//! publication mails the participants and the group's followers once;
//! drafts are seen by organizers only; hostile Markdown is cleaned in the
//! page and the mail.

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::attendance::{Session, page_of, session};
use crate::helpers::{api, send, spawn_app_with, spawn_demo_app, texts};
use crate::on_both_backends;
use crate::smtp::{SmtpServer, parse};

fn minutes_path(s: &Session) -> String {
    format!("/api/v1/meetings/{}/minutes", s.meeting)
}

async fn save_draft(s: &Session, token: &str, text: &str) -> (u16, Value) {
    send(
        &s.app,
        Method::PUT,
        &minutes_path(s),
        token,
        Some(json!({"draft": text})),
    )
    .await
}

async fn publish(s: &Session, token: &str, body: Option<Value>) -> (u16, Value) {
    send(
        &s.app,
        Method::POST,
        &format!("{}/publish", minutes_path(s)),
        token,
        body,
    )
    .await
}

/// The published text, as stored.
fn published(s: &Session) -> String {
    s.app.with_conn(|conn| {
        quorum::db::meetings::find(conn, &s.meeting)
            .expect("query")
            .expect("the meeting")
            .meeting
            .minutes
    })
}

/// The minutes mail received, by recipient: how many each got.
fn minutes_received(server: &SmtpServer) -> BTreeMap<String, usize> {
    let mut tally = BTreeMap::new();
    for raw in server.received() {
        let message = parse(&raw);
        if message
            .subject()
            .is_some_and(|s| s.starts_with("Compte rendu"))
        {
            let to = message
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .expect("a recipient");
            *tally.entry(to.to_lowercase()).or_insert(0) += 1;
        }
    }
    tally
}

/// The HTML inside the first element `selector` finds in `page`.
fn inner_html(page: &str, selector: &str) -> String {
    let html = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse(selector).expect("selector");
    html.select(&selector)
        .next()
        .map(|e| e.inner_html())
        .unwrap_or_else(|| panic!("nothing at the selector in:\n{page}"))
}

on_both_backends! {
    async fn drafts_are_for_organizers_and_published_minutes_for_everyone(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let path = minutes_path(&s);
        let draft = "## Relevé de décisions\n\nLe brouillon secret du groupe état-civil.";

        let (anonymous, _) = api(&s.app, Method::PUT, &path, None, Some(&json!({"draft": draft}))).await;
        assert_eq!(anonymous, 401);
        let (member, _) = save_draft(&s, &s.member_token, draft).await;
        assert_eq!(member, 403);
        let came_token = s.app.api_token(&s.came);
        let (participant, _) = publish(&s, &came_token, None).await;
        assert_eq!(participant, 403);
        let (status, body) = save_draft(&s, &s.coordinator_token, draft).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!((body["state"].as_str(), body["draft"].as_str()), (Some("draft"), Some(draft)), "{body}");

        // nobody else sees the draft: not the API, the minutes page, the meeting page
        for token in [None, Some(s.member_token.as_str()), Some(came_token.as_str())] {
            let (status, seen) = api(&s.app, Method::GET, &path, token, None).await;
            assert_eq!(status, 200);
            assert_eq!((seen["state"].as_str(), seen["minutes"].is_null(), seen.get("draft")), (Some("none"), true, None), "{seen}");
        }
        for page in [format!("/meetings/{}/minutes", s.meeting), format!("/meetings/{}", s.meeting)] {
            let text = s.app.signed_in(&s.member).await.get(&page).await.text().await.expect("body");
            assert!(!text.contains("brouillon secret"), "{page} shows the draft");
            let text = s.app.get(&page).await.text().await.expect("body");
            assert!(!text.contains("brouillon secret"), "{page} shows the draft to anyone");
        }
        let organizer = page_of(&s.app.signed_in(&s.coordinator).await, &format!("/meetings/{}/minutes", s.meeting)).await;
        assert_eq!(texts(&organizer, "textarea#draft-text"), [draft.split_whitespace().collect::<Vec<_>>().join(" ")]);
        assert_eq!(texts(&organizer, "label[for=draft-text]").len(), 1);

        let (status, body) = publish(&s, &s.admin, None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["state"], "published");
        assert_eq!(published(&s), draft);
        let (_, seen) = api(&s.app, Method::GET, &path, None, None).await;
        assert_eq!((seen["state"].as_str(), seen["minutes"].as_str()), (Some("published"), Some(draft)), "{seen}");
        assert!(seen["published_at"].is_string() && seen.get("draft").is_none(), "{seen}");
        let page = s.app.page(&format!("/meetings/{}/minutes", s.meeting)).await;
        assert_eq!(texts(&page, ".minutes h2"), ["Relevé de décisions"]);

        // a correction stays a draft until published again
        let (status, body) = save_draft(&s, &s.coordinator_token, "Correction pas encore publiée.").await;
        assert_eq!(status, 200);
        assert_eq!((body["state"].as_str(), body["unpublished_changes"].as_bool()), (Some("published"), Some(true)), "{body}");
        let (_, seen) = api(&s.app, Method::GET, &path, Some(&s.member_token), None).await;
        assert_eq!(seen["minutes"].as_str(), Some(draft));
        assert_eq!(published(&s), draft);
    }

    async fn bad_minutes_input_changes_nothing(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        // nothing to publish yet
        let (status, problem) = publish(&s, &s.coordinator_token, None).await;
        assert_eq!(status, 409, "{problem}");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("pas de brouillon")), "{problem}");
        let (status, problem) = save_draft(&s, &s.coordinator_token, &"x".repeat(100_001)).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["field"], "draft");
        let (status, _) = send(&s.app, Method::PUT, &minutes_path(&s), &s.coordinator_token, Some(json!({"text": "?"}))).await;
        assert_eq!(status, 422);
        let (status, _) = publish(&s, &s.coordinator_token, Some(json!({"mail_again": "oui"}))).await;
        assert_eq!(status, 422);
        let (_, seen) = send(&s.app, Method::GET, &minutes_path(&s), &s.coordinator_token, None).await;
        assert_eq!((seen["state"].as_str(), seen["draft"].as_str()), (Some("none"), Some("")), "{seen}");
        let (status, _) = send(&s.app, Method::GET, "/api/v1/meetings/0190c0de-0000-7000-8000-000000000000/minutes", &s.coordinator_token, None).await;
        assert_eq!(status, 404);
        // the page keeps what was typed
        let long = "y".repeat(100_001);
        let response = s.app.signed_in(&s.coordinator).await.post_form(&format!("/meetings/{}/minutes", s.meeting), &[("draft", long.as_str())]).await;
        assert_eq!(response.status(), 422);
        let html = scraper::Html::parse_document(&response.text().await.expect("body"));
        assert_eq!(texts(&html, "textarea#draft-text"), [long]);
        assert!(published(&s).is_empty());
    }

    async fn hostile_markdown_is_cleaned_in_the_page_and_the_mail(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let hostile = "# Compte rendu\n\n<script>alert('page')</script>\n\n<img src=x onerror=alert(1)>\n\n[cliquer](javascript:alert(2))\n\n<a href=\"https://ok.example\" onclick=\"alert(3)\">lien</a>\n\n<iframe src=\"https://evil.example\"></iframe>";
        assert_eq!(save_draft(&s, &s.coordinator_token, hostile).await.0, 200);
        // the organizer's preview is cleaned too (the form holds the text, escaped)
        let preview = inner_html(&s.app.signed_in(&s.coordinator).await.get(&format!("/meetings/{}/minutes", s.meeting)).await.text().await.expect("body"), ".preview");
        let (status, body) = publish(&s, &s.coordinator_token, None).await;
        assert_eq!(status, 200, "{body}");
        let page = s.app.get(&format!("/meetings/{}/minutes", s.meeting)).await.text().await.expect("body");
        assert!(!page.contains("alert("), "the published page holds the script's text");
        let page = inner_html(&page, ".minutes");
        let meeting = inner_html(&s.app.get(&format!("/meetings/{}", s.meeting)).await.text().await.expect("body"), "section[aria-labelledby=minutes]");
        let (_, html, _) = crate::helpers::mail_to(&s.app, &s.came.email, "Compte rendu").await;
        for (what, text) in [("preview", &preview), ("page", &page), ("meeting page", &meeting), ("mail", &html)] {
            let lower = text.to_lowercase();
            for bad in ["<script", "onerror", "javascript:", "onclick", "<iframe", "<img"] {
                assert!(!lower.contains(bad), "{what} holds {bad}:\n{text}");
            }
            assert!(text.contains("<h1>Compte rendu</h1>"), "{what} lost the Markdown");
        }
        assert!(body["minutes_html"].as_str().is_some_and(|h| !h.contains("<script")), "{body}");
    }
}

on_both_backends! {
    async fn publishing_mails_participants_and_followers_once(backend: Backend) {
        let server = SmtpServer::start();
        let app = spawn_app_with(backend, crate::mail::smtp_settings(&server, 1.0)).await;
        quorum::app::demo::load(&app.db, quorum::app::demo::today()).expect("the demo club loads");
        let s = session(app, 30).await;
        // one maybe, one follower of the group, one walk-in recorded present
        let maybe = s.app.add_person("peut-etre@nanterre.example", Some("nanterre"), false, false);
        let token = s.app.api_token(&maybe);
        let (status, _) = send(&s.app, Method::PUT, &format!("/api/v1/meetings/{}/rsvp", s.meeting), &token, Some(json!({"answer": "maybe", "attendance": "remote"}))).await;
        assert_eq!(status, 200);
        let follower = s.app.add_person("suit@sicoval.example", Some("sicoval"), false, false);
        let url = format!("{}/api/v1/working-groups/etat-civil/follow", s.app.address);
        let followed = s.app.client.post(&url).bearer_auth(s.app.api_token(&follower)).send().await.expect("answered");
        assert_eq!(followed.status(), 204);
        let walk_in = s.app.add_person("passage@feyzin.example", None, false, false);
        let (status, body) = send(&s.app, Method::PUT, &format!("/api/v1/meetings/{}/attendance", s.meeting), &s.coordinator_token, Some(json!({"entries": [
            {"person": walk_in.email, "status": "in_person"},
            {"person": s.declined.id, "status": "excused"},
        ]}))).await;
        assert_eq!(status, 200, "{body}");
        let demo_followers: Vec<String> = s.app.with_conn(|conn| {
            use diesel::prelude::*;
            use quorum::db::schema::{people, working_group_followers, working_groups};
            working_group_followers::table
                .inner_join(working_groups::table)
                .inner_join(people::table)
                .filter(working_groups::slug.eq("etat-civil"))
                .select(people::email)
                .load(conn)
                .expect("followers")
        });
        let mut expected: BTreeMap<String, usize> = [&s.came.email, &maybe.email, &walk_in.email]
            .into_iter()
            .cloned()
            .chain(demo_followers)
            .map(|e| (e.to_lowercase(), 1))
            .collect();
        assert!(expected.contains_key(&follower.email.to_lowercase()));
        assert!(!expected.contains_key(&s.declined.email) && !expected.contains_key(&s.member.email));

        assert_eq!(save_draft(&s, &s.coordinator_token, "Premier compte rendu.").await.0, 200);
        let (status, body) = publish(&s, &s.coordinator_token, None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["mailed"].as_u64(), Some(expected.len() as u64), "{body}");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while minutes_received(&server).values().sum::<usize>() < expected.len() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(minutes_received(&server), expected);
        let came_mail = server.received().into_iter().find(|raw| {
            let m = parse(raw);
            m.subject().is_some_and(|s| s.starts_with("Compte rendu")) && m.to().and_then(|a| a.first()).and_then(|a| a.address()) == Some(s.came.email.as_str())
        }).expect("the participant's message");
        let message = parse(&came_mail);
        assert!(message.body_text(0).is_some_and(|t| t.contains("Premier compte rendu.")));
        assert!(message.body_html(0).is_some_and(|h| h.contains("/minutes")));

        // a correction published again mails nobody…
        assert_eq!(save_draft(&s, &s.coordinator_token, "Premier compte rendu, corrigé.").await.0, 200);
        let (status, body) = publish(&s, &s.coordinator_token, None).await;
        assert_eq!((status, body["mailed"].as_u64()), (200, Some(0)), "{body}");
        let (status, body) = publish(&s, &s.coordinator_token, Some(json!({}))).await;
        assert_eq!((status, body["mailed"].as_u64()), (200, Some(0)), "{body}");
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert_eq!(minutes_received(&server), expected, "publishing again mailed");
        assert_eq!(published(&s), "Premier compte rendu, corrigé.");

        // …unless the organizer asks: then everyone once more
        let (status, body) = publish(&s, &s.coordinator_token, Some(json!({"mail_again": true}))).await;
        assert_eq!((status, body["mailed"].as_u64()), (200, Some(expected.len() as u64)), "{body}");
        for count in expected.values_mut() {
            *count = 2;
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while minutes_received(&server).values().sum::<usize>() < 2 * expected.len() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(minutes_received(&server), expected);
    }
}

/// The headings of the minutes' participant groups, each with its people.
fn groups(page: &scraper::Html) -> Vec<(String, Vec<String>)> {
    let heading =
        scraper::Selector::parse("section[aria-labelledby=participants] h3").expect("selector");
    let item = scraper::Selector::parse("li").expect("selector");
    page.select(&heading)
        .map(|h| {
            let id = h.value().attr("id").expect("an id");
            let list =
                scraper::Selector::parse(&format!("ul[aria-labelledby={id}]")).expect("selector");
            let people = page
                .select(&list)
                .next()
                .map(|ul| {
                    ul.select(&item)
                        .map(|li| li.text().collect::<String>())
                        .collect()
                })
                .unwrap_or_default();
            (h.text().collect(), people)
        })
        .collect()
}

on_both_backends! {
    async fn the_minutes_list_participants_from_answers_then_attendance(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let path = format!("/meetings/{}/minutes", s.meeting);
        // before attendance is recorded: the confirmed answers, by attendance
        let page = s.app.page(&path).await;
        assert!(texts(&page, "section[aria-labelledby=participants] p.meta").iter().any(|t| t.starts_with("Inscrits")));
        assert_eq!(groups(&page), [
            ("Présents sur place".to_owned(), vec![]),
            ("Présents à distance".to_owned(), vec!["Ville d'Arles".to_owned()]),
            ("Excusés".to_owned(), vec![]),
        ]);
        let walk_in = s.app.add_person("passage@feyzin.example", None, false, false);
        let (status, body) = send(&s.app, Method::PUT, &format!("/api/v1/meetings/{}/attendance", s.meeting), &s.coordinator_token, Some(json!({"entries": [
            {"person": s.came.id, "status": "in_person"},
            {"person": s.declined.id, "status": "excused"},
            {"person": walk_in.id, "status": "remote"},
        ]}))).await;
        assert_eq!(status, 200, "{body}");
        // anyone sees bodies; names only of those who agreed to be named
        let page = s.app.page(&path).await;
        assert!(texts(&page, "section[aria-labelledby=participants] p.meta").is_empty());
        assert_eq!(groups(&page), [
            ("Présents sur place".to_owned(), vec!["Ville d'Arles".to_owned()]),
            ("Présents à distance".to_owned(), vec![]),
            ("Excusés".to_owned(), vec!["Ville de Vincennes".to_owned()]),
        ]);
        // the organizers see everyone by name
        let page = page_of(&s.app.signed_in(&s.coordinator).await, &format!("{path}?lang=en")).await;
        assert_eq!(groups(&page), [
            ("Present in person".to_owned(), vec!["Test Person (Ville d'Arles)".to_owned()]),
            ("Present remotely".to_owned(), vec!["Test Person".to_owned()]),
            ("Excused".to_owned(), vec!["Test Person (Ville de Vincennes)".to_owned()]),
        ]);
    }

    async fn two_organizers_publishing_at_once_mail_once(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        assert_eq!(save_draft(&s, &s.coordinator_token, "Compte rendu à deux mains.").await.0, 200);
        let (first, second) = tokio::join!(publish(&s, &s.coordinator_token, None), publish(&s, &s.admin, None));
        assert_eq!((first.0, second.0), (200, 200), "{first:?} {second:?}");
        let mailed: Vec<u64> = [&first.1, &second.1].iter().map(|b| b["mailed"].as_u64().expect("mailed")).collect();
        // the one participant with a yes; the other publication mails nobody
        assert!(mailed == [1, 0] || mailed == [0, 1], "{mailed:?}");
        let queued: Vec<String> = s.app.with_conn(|conn| {
            use diesel::prelude::*;
            use quorum::db::schema::outbox_messages as o;
            o::table.filter(o::kind.eq("minutes")).select(o::recipient).load(conn).expect("outbox")
        });
        assert_eq!(queued, std::slice::from_ref(&s.came.email));
    }

    async fn the_demo_shows_the_december_2017_minutes_and_who_came(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        // a second load adds nothing
        quorum::app::demo::load(&app.db, quorum::app::demo::today()).expect("the demo loads again");
        let list: Value = app.get("/api/v1/meetings?kind=december_session&include_past=true").await.json().await.expect("json");
        let meeting = list["items"][0].clone();
        assert!(meeting["title"].as_str().is_some_and(|t| t.contains("4e réunion")), "{meeting}");
        let id = meeting["id"].as_str().expect("id");
        let (status, minutes) = api(&app, Method::GET, &format!("/api/v1/meetings/{id}/minutes"), None, None).await;
        assert_eq!(status, 200);
        assert_eq!(minutes["state"], "published");
        assert!(minutes["published_at"].as_str().is_some_and(|t| t.starts_with("2017-12-20")), "{minutes}");
        let text = minutes["minutes"].as_str().expect("the minutes");
        for said in ["Interconnectés", "Tour de table", "Arles annonce la possibilité de participer", "vue back-office de gestion des rendez-vous", "Grand Lyon ou Montpellier Métropole", "pour action Entr'ouvert", "Redmine", "Publik 2020", "Moodle"] {
            assert!(text.contains(said), "the minutes do not say {said}");
        }
        let recorded = app.with_conn(|conn| quorum::db::attendance::recorded(conn, id).expect("attendance"));
        assert_eq!(recorded.len(), 8);
        assert!(recorded.iter().all(|r| r.status == "in_person"));
        let page = app.page(&format!("/meetings/{id}/minutes")).await;
        let shown = groups(&page);
        assert_eq!(shown[0].0, "Présents sur place");
        for body in ["Entr'ouvert", "Ville de Nancy", "Ville d'Arles", "Ville de Nanterre"] {
            assert!(shown[0].1.iter().any(|p| p == body), "{body} not among {:?}", shown[0].1);
        }
        assert_eq!(texts(&page, ".minutes h2")[0], "Tour de table");
        // nothing of the demo was mailed
        assert!(app.with_conn(|conn| {
            use diesel::prelude::*;
            quorum::db::schema::outbox_messages::table.filter(quorum::db::schema::outbox_messages::kind.eq("minutes")).count().get_result::<i64>(conn).expect("count")
        }) == 0);
    }
}
