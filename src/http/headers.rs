//! The headers every answer carries, whatever answers it: a strict content
//! security policy (the pages hold no inline script or style; one script file), no
//! framing, no type sniffing, a referrer kept to the site, and HSTS when the
//! site is https. A handler's own value (a feed's `no-referrer`) is kept.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use crate::http::state::AppState;

/// Only our own stylesheet and our one script (the copy buttons); no inline
/// script or style, no frame, plugin or foreign form target.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A year, as browsers' preload lists expect.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Adds the headers an answer lacks.
pub async fn secure(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let https = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.settings.base_url.starts_with("https://"));
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    let mut add = |name: HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    add(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    add(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    add(header::X_FRAME_OPTIONS, "DENY");
    add(header::REFERRER_POLICY, "same-origin");
    add(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if https {
        add(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    Ok(response)
}
