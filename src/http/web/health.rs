//! Probes for supervisors and load balancers.

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::http::state::AppState;

/// Liveness: the process answers. Never touches the database, so that a
/// database outage does not get every instance restarted.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// Readiness: the database answers and every migration is applied.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let backend = state.db.backend();
    match state.db.check_ready().await {
        Ok(true) => HttpResponse::Ok().json(json!({ "status": "ready", "database": backend })),
        Ok(false) => HttpResponse::ServiceUnavailable()
            .json(json!({ "status": "migrations pending", "database": backend })),
        Err(error) => {
            tracing::warn!(%error, "not ready");
            HttpResponse::ServiceUnavailable()
                .json(json!({ "status": "database unreachable", "database": backend }))
        }
    }
}
