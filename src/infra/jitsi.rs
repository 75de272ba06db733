//! Tokens for Jitsi Meet servers with JWT authentication (HS256, the
//! `token` authentication of Jitsi's Prosody): one per person and meeting,
//! for that room only, valid from the join window's opening to the end.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

/// Who joins, as the token tells Jitsi.
#[derive(Debug, Clone)]
pub struct JitsiUser<'a> {
    pub name: &'a str,
    pub email: &'a str,
    /// Organizers and coordinators moderate.
    pub moderator: bool,
}

/// The signed token for `room` on the server `domain`.
pub fn token(
    app_id: &str,
    secret: &str,
    domain: &str,
    room: &str,
    user: &JitsiUser<'_>,
    not_before: NaiveDateTime,
    expires: NaiveDateTime,
) -> String {
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let claims = json!({
        "aud": app_id,
        "iss": app_id,
        "sub": domain,
        "room": room,
        "nbf": not_before.and_utc().timestamp(),
        "exp": expires.and_utc().timestamp(),
        "moderator": user.moderator,
        "context": {"user": {"name": user.name, "email": user.email, "moderator": user.moderator}},
    });
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(signing_input.as_bytes());
    format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}
