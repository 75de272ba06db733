//! Switching between French and English.

use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::LANG_COOKIE;
use crate::i18n::Lang;

/// Where to go back to.
#[derive(Debug, Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// Remembers the language in a cookie and goes back to the page.
pub async fn switch_language(code: web::Path<String>, query: web::Query<Back>) -> HttpResponse {
    let lang = Lang::from_code(&code);
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .max_age(Duration::days(365))
        .finish();
    HttpResponse::SeeOther()
        .cookie(cookie)
        .insert_header((header::LOCATION, local_path(query.back.as_deref())))
        .finish()
}

/// Only a path of this site: never `//elsewhere` or `https://elsewhere`.
fn local_path(back: Option<&str>) -> &str {
    match back {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn goes_back_only_within_the_site() {
        assert_eq!(local_path(Some("/orgs/nancy")), "/orgs/nancy");
        assert_eq!(local_path(Some("//evil.example")), "/");
        assert_eq!(local_path(Some("https://evil.example")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(None), "/");
    }
}
