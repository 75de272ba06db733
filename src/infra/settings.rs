//! The settings value every layer above reads; `app::settings` builds it
//! from defaults, a file, the environment and flags.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use crate::db::DatabaseUrl;
use crate::domain::secrets::{Redacted, SecretKey};

/// Everything quorum needs to know to run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the web server listens, e.g. `127.0.0.1:8080`.
    pub listen: String,
    /// The database, its backend chosen by the scheme.
    pub database_url: DatabaseUrl,
    /// Connections in the pool.
    pub database_pool_size: u32,
    /// quorum runs behind one reverse proxy that appends the client's address
    /// to `X-Forwarded-For`: the sign-in limits per IP then count that
    /// address, not the proxy's.
    pub trusted_proxy: bool,
    /// The bearer token Prometheus sends to read `/metrics`; without one,
    /// `/metrics` answers 404.
    pub metrics_token: Option<Redacted>,
    /// How log lines are written: text for people, JSON for a log collector.
    pub log_format: LogFormat,
    /// The public address of the site, used in links of mails and feeds,
    /// without a trailing slash.
    pub base_url: String,
    /// The key that signs cookies and links.
    pub secret_key: SecretKey,
    /// How many days of past meetings calendar feeds keep (cancelled ones
    /// included, so subscribed calendars see the cancellation).
    pub feed_past_days: u32,
    /// The memory every in-memory cache shares (the rendered calendar
    /// feeds), in bytes; the least recently used goes first.
    pub cache_bytes: usize,
    /// The largest file that may be attached to a meeting, in bytes; a
    /// larger one is refused while it arrives.
    pub files_max_bytes: usize,
    /// Reminders go this long before each meeting to its confirmed
    /// participants (default 24 hours and 1 hour; empty: none).
    pub reminders: Vec<chrono::Duration>,
    /// The join gateway lets people in this long before the start.
    pub join_window: chrono::Duration,
    /// The Jitsi Meet server that hosts `jitsi` rooms.
    pub jitsi_url: String,
    /// With JWT authentication on that server: the application id and the
    /// shared secret its tokens are signed with.
    pub jitsi_jwt: Option<(String, Redacted)>,
    /// The BigBlueButton server that hosts `bigbluebutton` rooms, if any.
    pub bigbluebutton: Option<crate::infra::bigbluebutton::ServerSettings>,
    /// How many days a sent message keeps its body in the outbox: its
    /// sign-in, answer and join links would otherwise work from the
    /// database and its backups for as long as they do. What the admin
    /// outbox page shows stays.
    pub outbox_retention_days: u32,
    /// How mail leaves.
    pub mail: MailSettings,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// One readable line per event: the default.
    #[default]
    Text,
    /// One JSON object per line, the request's span fields included.
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            other => Err(format!("unknown log format `{other}`: use text or json")),
        }
    }
}

/// How mail leaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// `file` or `smtp`.
    pub transport: MailTransport,
    /// Where the `file` transport writes `.eml` files.
    pub dir: PathBuf,
    /// The relay of the `smtp` transport (may hold a password: not printed).
    pub smtp_url: Option<Redacted>,
    /// The sender of every message.
    pub from: String,
    /// Attempts to deliver a message before it is marked failed.
    pub max_attempts: u32,
    /// The wait after a first failed attempt; it doubles with every further
    /// one, up to an hour.
    pub retry_base: Duration,
    /// How long an idle worker waits before it looks for due messages again.
    pub poll_interval: Duration,
    /// How long a worker holds the messages it claimed; a worker that dies
    /// leaves them to be claimed again when it expires.
    pub lease: Duration,
    /// Messages a worker claims at once.
    pub batch_size: u32,
    /// Whether `quorum serve` also runs the mail worker (turn it off when
    /// separate `quorum worker` processes send the mail).
    pub worker: bool,
}

/// The ways mail can leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    /// `.eml` files in a folder: the embedded default.
    File,
    /// An SMTP relay.
    Smtp,
}
