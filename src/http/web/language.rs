//! Switching between French and English.

use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::LANG_COOKIE;
use crate::domain::Lang;
use crate::http::state::AppState;

/// Where to go back to.
#[derive(Debug, Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// Remembers the language in a cookie and goes back to the page.
pub async fn switch_language(
    state: web::Data<AppState>,
    code: web::Path<String>,
    query: web::Query<Back>,
) -> HttpResponse {
    let lang = Lang::from_code(&code);
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(state.settings.base_url.starts_with("https://"))
        .max_age(Duration::days(365))
        .finish();
    HttpResponse::SeeOther()
        .cookie(cookie)
        .insert_header((header::LOCATION, super::local_path(query.back.as_deref())))
        .finish()
}

#[cfg(test)]
mod tests {
    use crate::http::web::local_path;

    #[test]
    fn goes_back_only_within_the_site() {
        assert_eq!(local_path(Some("/orgs/nancy")), "/orgs/nancy");
        assert_eq!(local_path(Some("//evil.example")), "/");
        assert_eq!(local_path(Some("https://evil.example")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(Some("/\t/evil.example")), "/");
        assert_eq!(local_path(Some("/\n/evil.example")), "/");
        assert_eq!(local_path(None), "/");
    }
}
