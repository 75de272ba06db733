//! Video rooms and phone bridges, and when they open: the rules of the join
//! gateway, without a database.

use chrono::{Duration, NaiveDateTime};

use crate::domain::error::{FieldProblem, Problem};

/// Longest room address kept.
pub const MAX_URL: usize = 500;

stored_enum! {
    /// Where a meeting's video room lives.
    pub enum VideoProvider {
        /// A Jitsi Meet room, named at random by quorum.
        Jitsi,
        /// A BigBlueButton room, created through its API on first join.
        Bigbluebutton,
        /// Any other room, by its address (a Nextcloud Talk room, …).
        StaticUrl,
    }
}

/// A checked room and bridge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckedVideo {
    pub provider: Option<VideoProvider>,
    /// The address, for `static_url`.
    pub url: Option<String>,
    pub dial_in_number: Option<String>,
    pub dial_in_pin: Option<String>,
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl CheckedVideo {
    /// Checks what an organizer typed; each problem is named by field.
    pub fn parse(
        provider: &str,
        url: &str,
        dial_in_number: &str,
        dial_in_pin: &str,
    ) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let provider = match provider.trim() {
            "" => None,
            text => {
                let provider = super::decode::<VideoProvider>(text).ok();
                if provider.is_none() {
                    errors.push(FieldProblem::new(
                        "video_provider",
                        Problem::OneOf("jitsi | bigbluebutton | static_url"),
                    ));
                }
                provider
            }
        };
        let url = optional(url);
        let url_ok = url.as_deref().is_some_and(|u| {
            u.chars().count() <= MAX_URL
                && url::Url::parse(u).is_ok_and(|p| p.scheme() == "https" && p.host().is_some())
        });
        if provider == Some(VideoProvider::StaticUrl) && !url_ok {
            errors.push(FieldProblem::new("video_url", Problem::RoomUrl));
        }
        let number = optional(dial_in_number);
        let number_ok = |n: &str| {
            n.chars().count() <= 30
                && n.chars().any(|c| c.is_ascii_digit())
                && n.chars()
                    .all(|c| c.is_ascii_digit() || " +.-()".contains(c))
        };
        if number.as_deref().is_some_and(|n| !number_ok(n)) {
            errors.push(FieldProblem::new("dial_in_number", Problem::PhoneNumber));
        }
        let pin = optional(dial_in_pin);
        if pin.as_deref().is_some_and(|p| {
            p.chars().count() > 20
                || !p
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '#' || c == '*')
        }) {
            errors.push(FieldProblem::new("dial_in_pin", Problem::DialInPin));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            url: url.filter(|_| provider == Some(VideoProvider::StaticUrl)),
            provider,
            dial_in_number: number,
            dial_in_pin: pin,
        })
    }
}

/// A new room name: 128 random bits, not derived from anything about the
/// meeting, so nobody guesses it.
pub fn new_room_name() -> String {
    format!(
        "quorum-{}",
        hex::encode(crate::domain::secrets::random_bytes(16))
    )
}

/// Where a meeting stands for joining.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Not yet: the room opens at this instant.
    Early { opens_at: NaiveDateTime },
    /// Open now.
    Open,
    /// Over.
    Over,
}

impl Window {
    /// From `before` the start to the end.
    pub fn at(
        now: NaiveDateTime,
        start: NaiveDateTime,
        end: NaiveDateTime,
        before: Duration,
    ) -> Self {
        let opens_at = start - before;
        if now < opens_at {
            Self::Early { opens_at }
        } else if now < end {
            Self::Open
        } else {
            Self::Over
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_static_room_needs_an_https_address_and_bridges_need_digits() {
        let errors =
            CheckedVideo::parse("static_url", "http://room.example", "appelez-nous", "12a")
                .expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["video_url", "dial_in_number", "dial_in_pin"]);
        let ok = CheckedVideo::parse(
            "static_url",
            " https://cloud.example/call/x ",
            "+33 1 23 45 67 89",
            "1234#",
        )
        .expect("valid");
        assert_eq!(ok.url.as_deref(), Some("https://cloud.example/call/x"));
        let none = CheckedVideo::parse("", "https://ignored.example", "", "").expect("valid");
        assert_eq!(none, CheckedVideo::default());
        assert!(CheckedVideo::parse("skype", "", "", "").is_err());
    }

    #[test]
    fn room_names_are_long_and_random() {
        let (a, b) = (new_room_name(), new_room_name());
        assert_ne!(a, b);
        assert_eq!(a.len(), "quorum-".len() + 32);
    }

    #[test]
    fn the_room_opens_before_the_start_and_closes_at_the_end() {
        let at = |t: &str| -> NaiveDateTime { t.parse().expect("a time") };
        let (start, end) = (at("2027-01-21T09:00:00"), at("2027-01-21T10:30:00"));
        let before = Duration::minutes(15);
        assert_eq!(
            Window::at(at("2027-01-21T08:44:00"), start, end, before),
            Window::Early {
                opens_at: at("2027-01-21T08:45:00")
            }
        );
        assert_eq!(
            Window::at(at("2027-01-21T08:45:00"), start, end, before),
            Window::Open
        );
        assert_eq!(
            Window::at(at("2027-01-21T10:29:59"), start, end, before),
            Window::Open
        );
        assert_eq!(
            Window::at(at("2027-01-21T10:30:00"), start, end, before),
            Window::Over
        );
    }
}
