//! Every page, message and feed in one language: French by default,
//! English when asked, never a mix (issue 15.6).

use chrono::Timelike;

use crate::helpers::{first_meeting_id, send, spawn_demo_app, texts};
use crate::ics_readers::read;
use crate::on_both_backends;

/// The description of the only event of a calendar.
fn description(ics: &str) -> String {
    read(ics)["events"][0]["description"]
        .as_str()
        .expect("a description")
        .to_owned()
}

on_both_backends! {
    async fn an_unknown_answer_is_refused_in_french_words(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = first_meeting_id(&app, "kind=december_session").await;
        let member = app.add_person("agent@nancy.example", Some("nancy"), false, false);
        let browser = app.signed_in(&member).await;
        let refused = browser.post_form(&format!("/meetings/{id}/rsvp"), &[("answer", "perhaps")]).await;
        assert_eq!(refused.status(), 422);
        let page = scraper::Html::parse_document(&refused.text().await.expect("page"));
        assert_eq!(texts(&page, "#answer-error"), ["répondez oui, peut-être ou non"]);
    }

    async fn the_outbox_shows_states_kinds_and_paris_times_in_words(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        app.add_person("claire.martin@nancy.fr", Some("nancy"), false, false);
        app.browser().post_form("/signin", &[("email", "claire.martin@nancy.fr")]).await;
        app.wait_for_mail(1).await;
        // the worker marks the message sent just after sending it
        let created = loop {
            let message = app.with_conn(|conn| {
                quorum::infra::mail::outbox::list_recent(conn, None, 10).expect("outbox").remove(0)
            });
            if message.state == "sent" {
                break message.created_at.and_utc();
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        };
        let paris = created.with_timezone(&chrono_tz::Europe::Paris);
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin = app.signed_in(&admin).await;

        let page = scraper::Html::parse_document(&admin.get("/admin/outbox").await.text().await.expect("page"));
        let row = texts(&page, "tbody tr:first-child td");
        assert!(row[0].ends_with(&format!("{} h {:02} (heure de Paris)", paris.hour(), paris.minute())), "{row:?}");
        assert!(row[2].ends_with("(lien de connexion)"), "{row:?}");
        assert_eq!(row[3], "envoyé");

        let page = scraper::Html::parse_document(&admin.get("/admin/outbox?lang=en").await.text().await.expect("page"));
        let row = texts(&page, "tbody tr:first-child td");
        assert!(row[0].ends_with(&format!("{:02}:{:02} (Paris time)", paris.hour(), paris.minute())), "{row:?}");
        assert!(row[2].ends_with("(sign-in link)"), "{row:?}");
        assert_eq!(row[3], "sent");
    }

    async fn reminder_choices_say_hours_in_words(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let member = app.add_person("agent@nancy.example", Some("nancy"), false, false);
        let browser = app.signed_in(&member).await;
        let labels = |html: String| texts(&scraper::Html::parse_document(&html), "label[for^=reminder_]");
        let french = labels(browser.get("/me").await.text().await.expect("page"));
        assert_eq!(french, ["la veille, à la même heure", "1 heure avant"]);
        let english = labels(browser.get("/me?lang=en").await.text().await.expect("page"));
        assert_eq!(english, ["the day before, at the same time", "1 hour before"]);
    }

    async fn an_event_s_description_writes_each_language_s_colon(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = first_meeting_id(&app, "kind=december_session").await;
        let url = format!("{}/meetings/{id}", app.address);
        let french = description(&app.get(&format!("/meetings/{id}.ics")).await.text().await.expect("ics"));
        assert!(french.ends_with(&format!("Toutes les informations et les inscriptions : {url}")), "{french}");
        let english = description(&app.get(&format!("/meetings/{id}.ics?lang=en")).await.text().await.expect("ics"));
        assert!(english.ends_with(&format!("Details and registration: {url}")), "{english}");
    }

    async fn the_personal_feed_speaks_its_person_s_language(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let person = app.add_person("agent@nancy.example", Some("nancy"), false, false);
        app.with_conn(|conn| {
            use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
            use quorum::db::schema::people::dsl as p;
            diesel::update(p::people.filter(p::id.eq(&person.id))).set(p::language.eq("en")).execute(conn).expect("english");
        });
        let token = app.api_token(&person);
        let id = first_meeting_id(&app, "kind=december_session").await;
        let (status, _) = send(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{id}/rsvp"), &token, Some(serde_json::json!({"answer": "yes"}))).await;
        assert_eq!(status, 200);
        let (_, links) = send(&app, reqwest::Method::POST, "/api/v1/me/feed-token", &token, None).await;
        let path = links["url"].as_str().expect("url").strip_prefix(&app.address).expect("here").to_owned();
        let english = app.get(&path).await.text().await.expect("feed");
        assert!(description(&english).contains("Details and registration: "), "{english}");
        let french = app.get(&format!("{path}?lang=fr")).await.text().await.expect("feed");
        assert!(description(&french).contains("Toutes les informations et les inscriptions : "), "{french}");
    }
}
