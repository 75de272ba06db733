use serde_json::Value;

use crate::helpers::{spawn_app, texts};
use crate::on_both_backends;

on_both_backends! {
    async fn unknown_page_is_a_french_html_page(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app.get("/no/such/page").await;
        assert_eq!(response.status(), 404);
        let content_type = response.headers()["content-type"].to_str().expect("ascii").to_owned();
        assert!(content_type.starts_with("text/html"), "{content_type}");
        let html = scraper::Html::parse_document(&response.text().await.expect("body"));
        assert_eq!(texts(&html, "h1"), ["Page introuvable"]);
        assert_eq!(texts(&html, "html").len(), 1);
        let lang = scraper::Selector::parse("html[lang=fr]").expect("selector");
        assert!(html.select(&lang).next().is_some());
    }

    async fn unknown_page_in_english_when_asked(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app.get("/no/such/page?lang=en").await;
        assert_eq!(response.status(), 404);
        let html = scraper::Html::parse_document(&response.text().await.expect("body"));
        assert_eq!(texts(&html, "h1"), ["Page not found"]);
    }

    async fn unknown_api_resource_is_problem_json(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app.get("/api/v1/no-such-thing").await;
        assert_eq!(response.status(), 404);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let problem: Value = response.json().await.expect("json");
        assert_eq!(problem["status"], 404);
        assert_eq!(problem["title"], "Not found");
        assert_eq!(problem["type"], "about:blank");
    }

    async fn unknown_meeting_is_not_found(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app.get("/meetings/01900000-0000-7000-8000-000000000000").await;
        assert_eq!(response.status(), 404);
    }
}
