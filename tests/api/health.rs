use diesel::RunQueryDsl;
use serde_json::Value;

use crate::helpers::{Backend, spawn_app};
use crate::on_both_backends;

on_both_backends! {
    async fn liveness_answers_without_asking_the_database(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app.get("/healthz").await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["status"], "ok");
    }

    async fn readiness_names_the_backend_once_migrated(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = app.get("/readyz").await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["status"], "ready");
        let expected = match backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        };
        assert_eq!(body["database"], expected);
    }

    async fn readiness_fails_while_a_migration_is_pending(backend: Backend) {
        let app = spawn_app(backend).await;
        app.with_conn(|conn| {
            diesel::sql_query(
                "DELETE FROM __diesel_schema_migrations WHERE version = \
                 (SELECT MAX(version) FROM __diesel_schema_migrations)",
            )
            .execute(conn)
            .expect("forget the last migration");
        });
        let response = app.get("/readyz").await;
        assert_eq!(response.status(), 503);
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["status"], "migrations pending");
    }

    async fn every_response_carries_a_request_id(backend: Backend) {
        let app = spawn_app(backend).await;
        let first = app.get("/healthz").await;
        let second = app.get("/healthz").await;
        let id = |r: &reqwest::Response| {
            r.headers().get("x-request-id").expect("x-request-id").to_str().expect("ascii").to_owned()
        };
        assert_ne!(id(&first), id(&second));
    }
}
