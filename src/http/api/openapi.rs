//! `/api/v1/openapi.json`: the API's description, OpenAPI 3.1, written by
//! hand in `openapi.json` beside this file. `tests/api/openapi.rs` keeps it
//! true: every API route is in it, and real answers match its schemas.

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde_json::{Value, json};

use crate::domain::error::AppError;
use crate::http::state::AppState;

/// The document as written, parsed on first use.
static DOCUMENT: LazyLock<Result<Value, String>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("openapi.json"))
        .map_err(|e| format!("src/http/api/openapi.json: {e}"))
});

/// The document, with `servers` naming this instance's API address (the
/// file itself says `/api/v1`, relative, so it stays true anywhere).
pub fn document(base_url: &str) -> Result<Value, AppError> {
    let mut document = DOCUMENT.as_ref().map_err(AppError::internal)?.clone();
    document["servers"] = json!([{
        "url": format!("{}/api/v1", base_url.trim_end_matches('/')),
        "description": "This instance.",
    }]);
    Ok(document)
}

/// The description, for connectors and code generators.
pub async fn show_openapi(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok()
        // Public, and no credentials: online viewers may fetch it.
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .json(document(&state.settings.base_url)?))
}

#[cfg(test)]
mod tests {
    use super::document;

    #[test]
    fn servers_name_this_instance() {
        let document = document("https://quorum.example/").expect("the document parses");
        assert_eq!(
            document["servers"][0]["url"],
            "https://quorum.example/api/v1"
        );
        assert!(
            document["openapi"]
                .as_str()
                .is_some_and(|v| v.starts_with("3.1"))
        );
    }
}
