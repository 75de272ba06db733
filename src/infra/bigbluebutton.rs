//! BigBlueButton rooms through the server's API: every call is signed with
//! the shared secret by the API's checksum rule; the meeting is created on
//! the first join (and again if the server forgot it), and each person gets
//! their own signed `join` address.
//!
//! Nothing here is logged: a call's address carries its checksum, and a
//! join address lets whoever holds it in. Failures say what went wrong
//! without the address ([`Unreachable`]).

use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::domain::secrets::derive_key;
use crate::domain::secrets::{Redacted, SecretKey};

/// The hash of the checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChecksumAlgorithm {
    /// Servers older than 2.5 may only know this one.
    Sha1,
    /// The default.
    Sha256,
}

impl std::str::FromStr for ChecksumAlgorithm {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim() {
            "sha1" => Ok(Self::Sha1),
            "sha256" => Ok(Self::Sha256),
            other => Err(format!("unknown checksum `{other}`: use sha256 or sha1")),
        }
    }
}

/// The checksum of a call: lowercase hex of HASH(call + query + secret).
pub fn checksum(algorithm: ChecksumAlgorithm, call: &str, query: &str, secret: &str) -> String {
    let input = format!("{call}{query}{secret}");
    match algorithm {
        ChecksumAlgorithm::Sha1 => sha1_smol::Sha1::from(input.as_bytes()).digest().to_string(),
        ChecksumAlgorithm::Sha256 => hex::encode(Sha256::digest(input.as_bytes())),
    }
}

/// The club's BigBlueButton server.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// The API's base address, ending with `/`, such as
    /// `https://bbb.example.org/bigbluebutton/api/`.
    pub url: String,
    /// The shared secret (never printed).
    pub secret: Redacted,
    pub checksum: ChecksumAlgorithm,
    /// How long a call may take before the room counts as unreachable.
    pub timeout: Duration,
}

impl ServerSettings {
    /// The signed address of `call` with `params`, the checksum last.
    pub fn signed_url(&self, call: &str, params: &[(&str, &str)]) -> String {
        let query = serde_urlencoded::to_string(params).unwrap_or_default();
        let sum = checksum(self.checksum, call, &query, &self.secret.0);
        let and = if query.is_empty() { "" } else { "&" };
        format!("{}{call}?{query}{and}checksum={sum}", self.url)
    }
}

/// Why the room could not be opened; says nothing secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreachable {
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("cannot connect to the server")]
    Connect,
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("`{call}` refused: {key}")]
    Refused { call: &'static str, key: String },
    #[error("an answer that is not the API's")]
    Garbage,
    #[error("the request failed: {0}")]
    Request(String),
}

/// The text of the first `<name>` element, trimmed.
fn element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&close)?;
    Some(xml[start..end].trim())
}

/// Reads an API answer: `Ok` with its `messageKey` (if any) on SUCCESS,
/// [`Unreachable::Refused`] on FAILED, [`Unreachable::Garbage`] otherwise.
pub fn read_answer(call: &'static str, xml: &str) -> Result<Option<String>, Unreachable> {
    let key = element(xml, "messageKey").map(str::to_owned);
    match element(xml, "returncode") {
        Some("SUCCESS") => Ok(key),
        Some("FAILED") => Err(Unreachable::Refused {
            call,
            key: key.unwrap_or_default(),
        }),
        _ => Err(Unreachable::Garbage),
    }
}

/// A meeting as the server is told about it.
#[derive(Debug, Clone)]
pub struct RoomMeeting<'a> {
    /// The room's random name: the `meetingID`.
    pub room: &'a str,
    pub title: &'a str,
    /// Back to the meeting's page in quorum.
    pub logout_url: &'a str,
    pub dial_number: Option<&'a str>,
    /// The bridge's code, when it is a number the server can use.
    pub voice_bridge: Option<&'a str>,
}

/// Who joins.
#[derive(Debug, Clone)]
pub struct RoomUser<'a> {
    pub name: &'a str,
    /// Stable across joins: the person's id.
    pub id: &'a str,
    pub moderator: bool,
}

/// The API's client, with its short timeout.
#[derive(Debug, Clone)]
pub struct Server {
    settings: ServerSettings,
    /// Derives the room's passwords: stable, never stored.
    passwords_key: [u8; 64],
    client: reqwest::Client,
}

impl Server {
    /// A client for the server of `settings`; `secret` derives the rooms'
    /// passwords.
    pub fn new(settings: ServerSettings, secret: &SecretKey) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("the BigBlueButton client cannot start: {e}"))?;
        Ok(Self {
            settings,
            passwords_key: derive_key(secret, "quorum bigbluebutton passwords v1"),
            client,
        })
    }

    /// The room's (moderator, attendee) passwords, for servers that still
    /// tell roles by password (before 2.6).
    fn passwords(&self, room: &str) -> (String, String) {
        let password = |role: &str| {
            let mut mac = Hmac::<Sha256>::new_from_slice(&self.passwords_key)
                .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
            mac.update(role.as_bytes());
            mac.update(&[0]);
            mac.update(room.as_bytes());
            hex::encode(&mac.finalize().into_bytes()[..12])
        };
        (password("moderator"), password("attendee"))
    }

    async fn call(
        &self,
        call: &'static str,
        params: &[(&str, &str)],
    ) -> Result<Option<String>, Unreachable> {
        let url = self.settings.signed_url(call, params);
        let classify = |e: reqwest::Error| {
            if e.is_timeout() {
                Unreachable::Timeout(self.settings.timeout)
            } else if e.is_connect() {
                Unreachable::Connect
            } else {
                // without the address, which carries the checksum
                Unreachable::Request(e.without_url().to_string())
            }
        };
        let response = self.client.get(url).send().await.map_err(classify)?;
        if !response.status().is_success() {
            return Err(Unreachable::Status(response.status().as_u16()));
        }
        let body = response.text().await.map_err(classify)?;
        read_answer(call, &body)
    }

    /// Makes sure the meeting runs on the server: asks first, creates it
    /// when the server does not know it. Creating twice is harmless (the
    /// server answers `duplicateWarning`), so concurrent first joins are
    /// fine.
    pub async fn ensure_meeting(&self, meeting: &RoomMeeting<'_>) -> Result<(), Unreachable> {
        match self
            .call("getMeetingInfo", &[("meetingID", meeting.room)])
            .await
        {
            Ok(_) => return Ok(()),
            Err(Unreachable::Refused { key, .. }) if key == "notFound" => {}
            Err(e) => return Err(e),
        }
        let (moderator, attendee) = self.passwords(meeting.room);
        let mut params = vec![
            ("name", meeting.title),
            ("meetingID", meeting.room),
            ("attendeePW", attendee.as_str()),
            ("moderatorPW", moderator.as_str()),
            ("logoutURL", meeting.logout_url),
        ];
        if let Some(number) = meeting.dial_number {
            params.push(("dialNumber", number));
        }
        if let Some(bridge) = meeting.voice_bridge {
            params.push(("voiceBridge", bridge));
        }
        self.call("create", &params).await.map(|_| ())
    }

    /// `user`'s own signed join address for the meeting's room.
    pub fn join_url(&self, room: &str, user: &RoomUser<'_>) -> String {
        let (moderator, attendee) = self.passwords(room);
        let (role, password) = if user.moderator {
            ("MODERATOR", moderator)
        } else {
            ("VIEWER", attendee)
        };
        self.settings.signed_url(
            "join",
            &[
                ("fullName", user.name),
                ("meetingID", room),
                ("role", role),
                ("password", password.as_str()),
                ("userID", user.id),
                ("redirect", "true"),
            ],
        )
    }
}

/// The part of a bridge's code a server can use as its voice bridge: the
/// code when it is digits only.
pub fn voice_bridge(pin: Option<&str>) -> Option<&str> {
    pin.filter(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: &str = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444";
    const SECRET: &str = "639259d4-9dd8-4b25-bf01-95f9567eaf4b";

    #[test]
    fn the_sha1_checksum_is_the_documentations_example() {
        assert_eq!(
            checksum(ChecksumAlgorithm::Sha1, "create", QUERY, SECRET),
            "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"
        );
    }

    #[test]
    fn the_sha256_checksum_of_the_documentations_example() {
        // computed independently with coreutils:
        // printf '%s' 'createname=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444639259d4-9dd8-4b25-bf01-95f9567eaf4b' | sha256sum
        assert_eq!(
            checksum(ChecksumAlgorithm::Sha256, "create", QUERY, SECRET),
            "da9185f7f333cfdfcd6eeac32dca3777510c4c436020d8b887ba5515bd1d189e"
        );
    }

    #[test]
    fn a_signed_address_ends_with_its_checksum() {
        let server = ServerSettings {
            url: "https://bbb.example.org/bigbluebutton/api/".into(),
            secret: Redacted(SECRET.into()),
            checksum: ChecksumAlgorithm::Sha1,
            timeout: Duration::from_secs(1),
        };
        let url = server.signed_url(
            "create",
            &[
                ("name", "Test Meeting"),
                ("meetingID", "abc123"),
                ("attendeePW", "111222"),
                ("moderatorPW", "333444"),
            ],
        );
        assert_eq!(
            url,
            format!(
                "https://bbb.example.org/bigbluebutton/api/create?{QUERY}&checksum=1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"
            )
        );
    }

    #[test]
    fn answers_are_read_whatever_the_spacing() {
        let ok = "<?xml version=\"1.0\"?>\n<response>\n  <returncode> SUCCESS </returncode>\n  <messageKey>duplicateWarning</messageKey>\n</response>";
        assert_eq!(
            read_answer("create", ok),
            Ok(Some("duplicateWarning".into()))
        );
        let refused = "<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey><message>x</message></response>";
        assert_eq!(
            read_answer("create", refused),
            Err(Unreachable::Refused {
                call: "create",
                key: "checksumError".into()
            })
        );
        assert_eq!(
            read_answer("create", "<html>502 Bad Gateway</html>"),
            Err(Unreachable::Garbage)
        );
        assert_eq!(read_answer("create", ""), Err(Unreachable::Garbage));
    }

    #[test]
    fn only_digits_make_a_voice_bridge() {
        assert_eq!(voice_bridge(Some("74321")), Some("74321"));
        assert_eq!(voice_bridge(Some("4321#")), None);
        assert_eq!(voice_bridge(None), None);
    }
}
