//! Signing in through a real mail: the link travels through a real SMTP
//! server and is read back by a MIME parser, as a mail client would.

use std::time::Duration;

use diesel::{ExpressionMethods, RunQueryDsl};
use mail_parser::MimeHeaders;

use crate::helpers::{spawn_app_with, spawn_demo_app, texts};
use crate::on_both_backends;
use crate::smtp::{SmtpServer, parse};

/// The sign-in link in a message's text part, as a path of the site.
pub fn link_in(raw: &[u8], base_url: &str) -> String {
    let message = parse(raw);
    let text = message.body_text(0).expect("a text part").into_owned();
    let url = text
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with(base_url) && line.contains("/signin/"))
        .unwrap_or_else(|| panic!("no link in:\n{text}"))
        .to_owned();
    url[base_url.len()..].to_owned()
}

on_both_backends! {
    async fn a_link_from_a_real_mail_signs_in_once(backend: Backend) {
        let smtp = SmtpServer::start();
        let smtp_url = smtp.url();
        let app = spawn_app_with(backend, |layer| {
            layer.mail.transport = Some("smtp".into());
            layer.mail.smtp_url = Some(quorum::domain::secrets::Redacted(smtp_url));
            layer.mail.from = Some("Club des utilisateurs <club@quorum.example>".into());
        })
        .await;
        quorum::app::demo::load(&app.db, quorum::app::demo::today()).expect("demo");
        let person = app.add_person("claire.martin@nancy.fr", Some("nancy"), false, false);

        let browser = app.browser();
        let asked = browser.post_form("/signin", &[("email", "Claire.Martin@NANCY.fr"), ("next", "/orgs/nancy")]).await;
        assert_eq!(asked.status(), 200);
        let received = smtp.wait_for(1, Duration::from_secs(20)).await;
        assert_eq!(received.len(), 1, "the link was not mailed");
        let message = parse(&received[0]);
        assert_eq!(message.subject(), Some("Votre lien de connexion au club des utilisateurs"));
        let to = message.to().and_then(|a| a.first()).and_then(|a| a.address()).expect("a recipient");
        assert_eq!(to, person.email);
        let from = message.from().and_then(|a| a.first()).and_then(|a| a.address()).expect("a sender");
        assert_eq!(from, "club@quorum.example");
        assert!(message.html_bodies().next().is_some_and(|part| part.content_type().is_some()));

        let base_url = app.address.clone();
        let link = link_in(&received[0], &base_url);
        let page = browser.get(&link).await;
        assert_eq!(page.status(), 200);
        let signed_in = browser.post_form(&link, &[]).await;
        assert_eq!(signed_in.status(), 303);
        assert_eq!(signed_in.headers()["location"], "/orgs/nancy");
        let me = scraper::Html::parse_document(&browser.get("/me").await.text().await.expect("body"));
        assert!(texts(&me, "dl.facts dd").contains(&person.email));

        // the same link a second time is refused
        let twice = app.browser().post_form(&link, &[]).await;
        assert_eq!(twice.status(), 410);

        // an expired link is refused
        let again = app.browser();
        again.post_form("/signin", &[("email", "claire.martin@nancy.fr")]).await;
        let received = smtp.wait_for(2, Duration::from_secs(20)).await;
        assert_eq!(received.len(), 2);
        let second = link_in(&received[1], &base_url);
        assert_ne!(second, link);
        app.with_conn(|conn| {
            use quorum::db::schema::signin_tokens::dsl as s;
            diesel::update(s::signin_tokens)
                .set(s::expires_at.eq(quorum::db::now() - chrono::Duration::minutes(1)))
                .execute(conn)
                .expect("expire the links");
        });
        assert_eq!(again.post_form(&second, &[]).await.status(), 410);
        assert_eq!(again.get("/me").await.status(), 303);
    }

    async fn known_and_unknown_addresses_get_the_same_answer(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        app.add_person("claire.martin@nancy.fr", Some("nancy"), false, false);
        let answer = |email: &'static str| {
            let browser = app.browser();
            async move {
                let response = browser.post_form("/signin", &[("email", email)]).await;
                let status = response.status();
                let html = scraper::Html::parse_document(&response.text().await.expect("body"));
                (status, texts(&html, "main"))
            }
        };
        let known = answer("claire.martin@nancy.fr").await;
        let unknown = answer("personne@nancy.fr").await;
        assert_eq!(known, unknown);
        let sent = app.wait_for_mail(1).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(app.sent_mail().len(), 1, "mail for an unknown address");
        assert_eq!(sent[0].to, "claire.martin@nancy.fr");
    }

    async fn the_link_speaks_the_persons_language(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let person = app.add_person("jane@partner.example", None, false, false);
        app.with_conn(|conn| {
            use quorum::db::schema::people::dsl as p;
            diesel::update(p::people).filter(p::id.eq(&person.id)).set(p::language.eq("en")).execute(conn).expect("english");
        });
        app.browser().post_form("/signin", &[("email", "jane@partner.example")]).await;
        let sent = app.wait_for_mail(1).await;
        let message = parse(&sent[0].raw);
        assert_eq!(message.subject(), Some("Your sign-in link to the users' club"));
        assert!(message.body_text(0).expect("text").starts_with("Hello Test Person,"));
    }
}
