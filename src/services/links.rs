//! One-click answer links: `/meetings/{id}/answer/{token}` answers for one
//! person without signing in.
//!
//! Nothing is stored: the token is the person's id and an HMAC-SHA256, under
//! a key derived from the instance secret, of the meeting's and the person's
//! ids. So a token only works for its person and its meeting; the link
//! expires with the meeting (its stored end, checked when it is used), and
//! changing the instance secret revokes every link at once.
//!
//! Personal join links, `/meetings/{id}/join?t={token}`, are made the same
//! way under a key of their own: an answer token opens no room, a join
//! token answers nothing.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

use crate::domain::secrets::SecretKey;
use crate::domain::secrets::derive_key;
use crate::infra::settings::Settings;

/// What a link's key is derived for: no other secret shares its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Answer,
    Join,
}

impl Purpose {
    fn key(self) -> &'static str {
        match self {
            Self::Answer => "quorum one-click rsvp v1",
            Self::Join => "quorum personal join link v1",
        }
    }
}

/// Bytes of a person's id in a token (a UUID).
const PERSON_BYTES: usize = 16;

/// Bytes of the MAC in a token: the whole HMAC-SHA256 (256 bits).
const MAC_BYTES: usize = 32;

fn mac(secret: &SecretKey, purpose: Purpose, meeting_id: &str, person: Uuid) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(&derive_key(secret, purpose.key()))
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    // the ids are UUIDs, without NUL: the separator makes the input unambiguous
    mac.update(meeting_id.as_bytes());
    mac.update(&[0]);
    mac.update(person.as_bytes());
    mac
}

/// The token of `person_id`'s link for `meeting_id`, URL-safe; `None` when
/// the person's id is not a UUID (every id quorum makes is one).
pub fn sign(secret: &SecretKey, meeting_id: &str, person_id: &str) -> Option<String> {
    sign_for(secret, Purpose::Answer, meeting_id, person_id)
}

/// The id of the person a token answers for, if it was made by [`sign`]
/// for `meeting_id` with this secret. The MAC is compared in constant time.
pub fn verify(secret: &SecretKey, meeting_id: &str, token: &str) -> Option<String> {
    verify_for(secret, Purpose::Answer, meeting_id, token)
}

/// The token of `person_id`'s personal join link for `meeting_id`.
pub fn sign_join(secret: &SecretKey, meeting_id: &str, person_id: &str) -> Option<String> {
    sign_for(secret, Purpose::Join, meeting_id, person_id)
}

/// The id of the person a join token was made by [`sign_join`] for, for
/// `meeting_id` with this secret.
pub fn verify_join(secret: &SecretKey, meeting_id: &str, token: &str) -> Option<String> {
    verify_for(secret, Purpose::Join, meeting_id, token)
}

fn sign_for(
    secret: &SecretKey,
    purpose: Purpose,
    meeting_id: &str,
    person_id: &str,
) -> Option<String> {
    let person = Uuid::parse_str(person_id).ok()?;
    let tag = mac(secret, purpose, meeting_id, person)
        .finalize()
        .into_bytes();
    let mut bytes = Vec::with_capacity(PERSON_BYTES + MAC_BYTES);
    bytes.extend_from_slice(person.as_bytes());
    bytes.extend_from_slice(&tag);
    Some(URL_SAFE_NO_PAD.encode(bytes))
}

fn verify_for(
    secret: &SecretKey,
    purpose: Purpose,
    meeting_id: &str,
    token: &str,
) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(token.as_bytes()).ok()?;
    if bytes.len() != PERSON_BYTES + MAC_BYTES {
        return None;
    }
    let (person, tag) = bytes.split_at(PERSON_BYTES);
    let person = Uuid::from_slice(person).ok()?;
    mac(secret, purpose, meeting_id, person)
        .verify_slice(tag)
        .ok()?;
    Some(person.to_string())
}

/// `person_id`'s personal join link for `meeting_id`: the gateway's
/// address with a token that works only for them and that meeting.
pub fn personal_link(settings: &Settings, meeting_id: &str, person_id: &str) -> String {
    let gateway = format!("{}/meetings/{meeting_id}/join", settings.base_url);
    match sign_join(&settings.secret_key, meeting_id, person_id) {
        Some(token) => format!("{gateway}?t={token}"),
        None => gateway,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEETING: &str = "0196f1c2-7a3b-7c4d-8e5f-000000000001";
    const OTHER_MEETING: &str = "0196f1c2-7a3b-7c4d-8e5f-000000000002";
    const PERSON: &str = "0196f1c2-7a3b-7c4d-8e5f-00000000000a";
    const OTHER_PERSON: &str = "0196f1c2-7a3b-7c4d-8e5f-00000000000b";

    fn token(secret: &SecretKey) -> String {
        sign(secret, MEETING, PERSON).expect("a UUID")
    }

    #[test]
    fn a_token_names_its_person_for_its_meeting() {
        let secret = SecretKey::generate();
        assert_eq!(
            verify(&secret, MEETING, &token(&secret)).as_deref(),
            Some(PERSON)
        );
    }

    #[test]
    fn a_token_is_url_safe_and_stable() {
        let secret = SecretKey::generate();
        let token = token(&secret);
        assert_eq!(token, sign(&secret, MEETING, PERSON).expect("a UUID"));
        assert_eq!(token.len(), 64, "16 bytes of id and 32 of MAC");
        assert!(
            token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn a_token_of_another_meeting_is_refused() {
        let secret = SecretKey::generate();
        assert_eq!(verify(&secret, OTHER_MEETING, &token(&secret)), None);
    }

    #[test]
    fn another_person_cannot_be_put_in_a_token() {
        let secret = SecretKey::generate();
        let mine = URL_SAFE_NO_PAD.decode(token(&secret)).expect("base64");
        let other = Uuid::parse_str(OTHER_PERSON).expect("a UUID");
        let mut forged = other.as_bytes().to_vec();
        forged.extend_from_slice(&mine[PERSON_BYTES..]);
        assert_eq!(
            verify(&secret, MEETING, &URL_SAFE_NO_PAD.encode(forged)),
            None
        );
    }

    #[test]
    fn a_changed_character_or_secret_is_refused() {
        let secret = SecretKey::generate();
        let token = token(&secret);
        for at in [0, 30, token.len() - 1] {
            let mut tampered = token.clone().into_bytes();
            tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
            let tampered = String::from_utf8(tampered).expect("ascii");
            assert_eq!(verify(&secret, MEETING, &tampered), None, "at {at}");
        }
        assert_eq!(verify(&SecretKey::generate(), MEETING, &token), None);
        assert_eq!(verify(&secret, MEETING, &token[..40]), None);
        assert_eq!(verify(&secret, MEETING, "not base64!"), None);
        assert_eq!(verify(&secret, MEETING, ""), None);
    }

    #[test]
    fn answer_and_join_tokens_open_only_their_own_door() {
        let secret = SecretKey::generate();
        let join = sign_join(&secret, MEETING, PERSON).expect("a UUID");
        assert_eq!(
            verify_join(&secret, MEETING, &join).as_deref(),
            Some(PERSON)
        );
        assert_eq!(verify(&secret, MEETING, &join), None);
        assert_eq!(verify_join(&secret, MEETING, &token(&secret)), None);
        assert_eq!(verify_join(&secret, OTHER_MEETING, &join), None);
    }

    #[test]
    fn an_id_that_is_not_a_uuid_gets_no_token() {
        assert_eq!(sign(&SecretKey::generate(), MEETING, "admin"), None);
    }
}
