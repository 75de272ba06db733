//! Actions that cannot be undone ask first (issue 15.4): the button leads
//! to a page that says what will happen, a post without `confirm=yes`
//! shows that page and changes nothing, the confirmed post acts.

use serde_json::Value;

use crate::helpers::{TestApp, attr, demo_person, first_meeting_id, spawn_demo_app, texts};
use crate::on_both_backends;

/// The demo call's proposal of `slug`.
async fn proposal(app: &TestApp, slug: &str) -> Value {
    let calls: Value = app
        .get("/api/v1/hosting-calls")
        .await
        .json()
        .await
        .expect("json");
    calls["items"][0]["proposals"]
        .as_array()
        .expect("proposals")
        .iter()
        .find(|p| p["organization"] == slug)
        .cloned()
        .expect("a demo proposal")
}

fn queued(app: &TestApp, kind: &str) -> usize {
    app.with_conn(|conn| {
        quorum::infra::mail::outbox::list_recent(conn, None, 10_000)
            .expect("outbox")
            .into_iter()
            .filter(|m| m.kind == kind)
            .count()
    })
}

on_both_backends! {
    async fn accepting_a_proposal_asks_first_then_acts(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let lyon = proposal(&app, "grand-lyon").await;
        let id = lyon["id"].as_str().expect("id").to_owned();
        let admin = app.signed_in(&demo_person(&app, "brice.mallet@entrouvert.example")).await;
        let page = scraper::Html::parse_document(&admin.get(&format!("/host-proposals/{id}")).await.text().await.expect("page"));
        assert_eq!(attr(&page, "#decision ~ form", "action"), Some(format!("/host-proposals/{id}/accept")));
        assert_eq!(attr(&page, "#decision ~ form", "method").as_deref(), Some("get"));

        let asked = scraper::Html::parse_document(&admin.get(&format!("/host-proposals/{id}/accept?candidate_date=0")).await.text().await.expect("page"));
        let heading = texts(&asked, "h1");
        assert!(heading[0].starts_with("Accepter la proposition de "), "{heading:?}");
        let lines = texts(&asked, "main li");
        assert!(lines.iter().any(|l| l.starts_with("Les autres propositions en lice seront déclinées : ")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("gestionnaires") && l.contains("annonces du club")), "who is mailed: {lines:?}");
        assert_eq!(attr(&asked, "main form", "action"), Some(format!("/host-proposals/{id}/act")));
        assert_eq!(attr(&asked, "main form input[name=candidate_date]", "value").as_deref(), Some("0"));
        assert_eq!(attr(&asked, "main form a", "href"), Some(format!("/host-proposals/{id}")));
        assert_eq!(texts(&asked, "main form button"), ["Confirmer"]);

        // one click, as before: the confirmation page again, nothing decided
        let clicked = admin.post_form(&format!("/host-proposals/{id}/act"), &[("action", "accept"), ("candidate_date", "0")]).await;
        assert_eq!(clicked.status(), 200);
        let clicked = scraper::Html::parse_document(&clicked.text().await.expect("page"));
        assert_eq!(texts(&clicked, "h1"), heading);
        assert_eq!(proposal(&app, "grand-lyon").await["state"], "submitted");
        assert_eq!(proposal(&app, "montpellier").await["state"], "submitted");
        assert_eq!(queued(&app, "host_proposal_accepted") + queued(&app, "host_chosen"), 0, "nobody mailed");

        let confirmed = admin.post_form(&format!("/host-proposals/{id}/act"), &[("action", "accept"), ("candidate_date", "0"), ("confirm", "yes")]).await;
        assert_eq!(confirmed.status(), 303);
        assert_eq!(proposal(&app, "grand-lyon").await["state"], "accepted");
        assert_eq!(proposal(&app, "montpellier").await["state"], "declined");
        assert!(queued(&app, "host_chosen") > 0);
    }

    async fn withdrawing_a_proposal_asks_first_and_says_it_was_withdrawn(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = proposal(&app, "grand-lyon").await["id"].as_str().expect("id").to_owned();
        let manager = app.signed_in(&demo_person(&app, "chef.projet@grand-lyon.example")).await;
        let member = app.signed_in(&demo_person(&app, "enfance@arles.example")).await;
        assert_eq!(member.get(&format!("/host-proposals/{id}/withdraw")).await.status(), 403, "not their body's");
        let page = scraper::Html::parse_document(&manager.get(&format!("/host-proposals/{id}")).await.text().await.expect("page"));
        assert_eq!(attr(&page, "form[action$='/withdraw']", "method").as_deref(), Some("get"));
        let asked = scraper::Html::parse_document(&manager.get(&format!("/host-proposals/{id}/withdraw")).await.text().await.expect("page"));
        assert!(texts(&asked, "h1")[0].starts_with("Retirer la proposition de "));
        assert_eq!(attr(&asked, "main form input[name=action]", "value").as_deref(), Some("withdraw"));

        let clicked = manager.post_form(&format!("/host-proposals/{id}/act"), &[("action", "withdraw")]).await;
        assert_eq!(clicked.status(), 200);
        assert_eq!(proposal(&app, "grand-lyon").await["state"], "submitted", "one click withdraws nothing");

        let confirmed = manager.post_form(&format!("/host-proposals/{id}/act"), &[("action", "withdraw"), ("confirm", "yes")]).await;
        assert_eq!(confirmed.status(), 303);
        let location = confirmed.headers()["location"].to_str().expect("location").to_owned();
        assert_eq!(location, format!("/host-proposals/{id}?done=withdrawn"));
        let page = scraper::Html::parse_document(&manager.get(&location).await.text().await.expect("page"));
        assert_eq!(texts(&page, "[role=status]"), ["Proposition retirée : elle n'est plus en lice."]);
        assert_eq!(proposal(&app, "grand-lyon").await["state"], "withdrawn");
    }

    async fn sending_invitations_asks_first_and_says_whom(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let id = first_meeting_id(&app, "kind=december_session").await;
        let admin = app.signed_in(&demo_person(&app, "brice.mallet@entrouvert.example")).await;
        let page = scraper::Html::parse_document(&admin.get(&format!("/meetings/{id}")).await.text().await.expect("page"));
        assert_eq!(attr(&page, "form.invite", "method").as_deref(), Some("get"));
        let asked = scraper::Html::parse_document(&admin.get(&format!("/meetings/{id}/invite")).await.text().await.expect("page"));
        assert!(texts(&asked, "h1")[0].starts_with("Envoyer les invitations à « "));
        let lines = texts(&asked, "main li");
        assert!(lines[0].contains("personnes qui n'ont pas encore répondu, parmi les membres qui reçoivent les annonces de réunions"), "{lines:?}");

        let clicked = admin.post_form(&format!("/meetings/{id}/invite"), &[]).await;
        assert_eq!(clicked.status(), 200);
        assert_eq!(queued(&app, "invitation"), 0, "one click sends nothing");

        let confirmed = admin.post_form(&format!("/meetings/{id}/invite"), &[("confirm", "yes")]).await;
        assert_eq!(confirmed.status(), 303);
        let sent = queued(&app, "invitation");
        assert!(sent > 0);
        assert_eq!(confirmed.headers()["location"], format!("/meetings/{id}?invited={sent}").as_str());
        assert!(lines[0].contains(&format!(" {sent} personnes ")), "the page said how many: {lines:?}");
    }
}
