//! Settings: one value built from built-in defaults, an optional
//! `quorum.toml`, `QUORUM_*` environment variables and command-line flags,
//! each layer overriding the one before, then passed to whoever needs it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use serde::Deserialize;

use crate::db::DatabaseUrl;
use crate::domain::secrets::{Redacted, SecretKey};
use crate::infra::mail::transport::SmtpUrl;
use crate::infra::settings::{LogFormat, MailSettings, MailTransport, Settings};

/// The memory caches share unless told otherwise: 64 MiB.
const DEFAULT_CACHE_BYTES: usize = 64 * 1024 * 1024;

/// The largest file attached to a meeting unless told otherwise: 20 MiB.
const DEFAULT_FILES_MAX_BYTES: usize = 20 * 1024 * 1024;

/// Reads the key file, or creates it with a new key (readable by its
/// owner only) when it does not exist yet.
fn load_or_create_key(path: &Path) -> Result<SecretKey, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => SecretKey::from_hex(&text)
            .map_err(|e| format!("secret key file {}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = SecretKey::generate();
            match write_new_private_file(path, hex::encode(key.bytes()).as_bytes()) {
                Ok(()) => {
                    tracing::info!(path = %path.display(), "generated a new secret key");
                    Ok(key)
                }
                // Another instance created it first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_create_key(path),
                Err(e) => Err(format!(
                    "cannot create the secret key file {}: {e}",
                    path.display()
                )),
            }
        }
        Err(e) => Err(format!(
            "cannot read the secret key file {}: {e}",
            path.display()
        )),
    }
}

fn write_new_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// One layer of settings: every field optional. The TOML file, the
/// environment and the flags each give one.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// See [`Settings::listen`].
    pub listen: Option<String>,
    /// See [`Settings::database_url`].
    pub database_url: Option<String>,
    /// See [`Settings::database_pool_size`].
    pub database_pool_size: Option<u32>,
    /// See [`Settings::trusted_proxy`].
    pub trusted_proxy: Option<bool>,
    /// See [`Settings::metrics_token`].
    pub metrics_token: Option<Redacted>,
    /// See [`Settings::log_format`]: `text` or `json`.
    pub log_format: Option<String>,
    /// See [`Settings::base_url`].
    pub base_url: Option<String>,
    /// The secret key in hexadecimal.
    pub secret_key: Option<Redacted>,
    /// A file holding the secret key; created when missing.
    pub secret_key_file: Option<PathBuf>,
    /// See [`Settings::feed_past_days`].
    pub feed_past_days: Option<u32>,
    /// See [`Settings::cache_bytes`].
    pub cache_bytes: Option<usize>,
    /// See [`Settings::files_max_bytes`].
    pub files_max_bytes: Option<usize>,
    /// See [`Settings::outbox_retention_days`].
    pub outbox_retention_days: Option<u32>,
    /// See [`Settings::reminders`]: minutes before the start, such as
    /// `[1440, 60]`.
    pub reminder_minutes: Option<Vec<u32>>,
    /// See [`Settings::join_window`], in minutes.
    pub join_window_minutes: Option<u32>,
    /// See [`Settings::jitsi_url`].
    pub jitsi_url: Option<String>,
    /// See [`Settings::jitsi_jwt`].
    pub jitsi_app_id: Option<String>,
    /// See [`Settings::jitsi_jwt`].
    pub jitsi_secret: Option<Redacted>,
    /// See [`Settings::bigbluebutton`]: the API's base address.
    pub bbb_url: Option<String>,
    /// The BigBlueButton server's shared secret.
    pub bbb_secret: Option<Redacted>,
    /// `sha256` (default) or `sha1`.
    pub bbb_checksum: Option<String>,
    /// How long an API call may take, in seconds (decimals allowed;
    /// default 5).
    pub bbb_timeout_seconds: Option<f64>,
    /// See [`MailSettings`].
    #[serde(default)]
    pub mail: MailLayer,
}

/// The mail part of a [`Layer`].
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailLayer {
    /// `file` or `smtp`.
    pub transport: Option<String>,
    /// See [`MailSettings::dir`].
    pub dir: Option<PathBuf>,
    /// See [`MailSettings::smtp_url`].
    pub smtp_url: Option<Redacted>,
    /// See [`MailSettings::from`].
    pub from: Option<String>,
    /// See [`MailSettings::max_attempts`].
    pub max_attempts: Option<u32>,
    /// See [`MailSettings::retry_base`], in seconds (decimals allowed).
    pub retry_base_seconds: Option<f64>,
    /// See [`MailSettings::poll_interval`], in seconds (decimals allowed).
    pub poll_interval_seconds: Option<f64>,
    /// See [`MailSettings::lease`], in seconds (decimals allowed).
    pub lease_seconds: Option<f64>,
    /// See [`MailSettings::batch_size`].
    pub batch_size: Option<u32>,
    /// See [`MailSettings::worker`].
    pub worker: Option<bool>,
}

impl Layer {
    /// Reads a `quorum.toml`.
    pub fn from_file(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the settings file {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("settings file {}: {e}", path.display()))
    }

    /// Reads the `QUORUM_*` variables through `var` (the process environment
    /// in `main`, a map in tests).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        const WHOLE: &str = "a whole number";
        const SECONDS: &str = "a number of seconds";
        Ok(Self {
            listen: var("QUORUM_LISTEN"),
            database_url: var("QUORUM_DATABASE_URL"),
            database_pool_size: parse_var(&var, "QUORUM_DATABASE_POOL_SIZE", WHOLE)?,
            trusted_proxy: parse_var(&var, "QUORUM_TRUSTED_PROXY", "true or false")?,
            metrics_token: var("QUORUM_METRICS_TOKEN").map(Redacted),
            log_format: var("QUORUM_LOG_FORMAT"),
            base_url: var("QUORUM_BASE_URL"),
            secret_key: var("QUORUM_SECRET_KEY").map(Redacted),
            secret_key_file: var("QUORUM_SECRET_KEY_FILE").map(PathBuf::from),
            feed_past_days: parse_var(&var, "QUORUM_FEED_PAST_DAYS", WHOLE)?,
            cache_bytes: parse_var(&var, "QUORUM_CACHE_BYTES", "a number of bytes")?,
            files_max_bytes: parse_var(&var, "QUORUM_FILES_MAX_BYTES", "a number of bytes")?,
            outbox_retention_days: parse_var(&var, "QUORUM_OUTBOX_RETENTION_DAYS", WHOLE)?,
            join_window_minutes: parse_var(&var, "QUORUM_JOIN_WINDOW_MINUTES", WHOLE)?,
            jitsi_url: var("QUORUM_JITSI_URL"),
            jitsi_app_id: var("QUORUM_JITSI_APP_ID"),
            jitsi_secret: var("QUORUM_JITSI_SECRET").map(Redacted),
            bbb_url: var("QUORUM_BBB_URL"),
            bbb_secret: var("QUORUM_BBB_SECRET").map(Redacted),
            bbb_checksum: var("QUORUM_BBB_CHECKSUM"),
            bbb_timeout_seconds: parse_var(&var, "QUORUM_BBB_TIMEOUT_SECONDS", SECONDS)?,
            reminder_minutes: var("QUORUM_REMINDER_MINUTES")
                .map(|text| {
                    text.split(',')
                        .map(str::trim)
                        .filter(|m| !m.is_empty())
                        .map(|m| m.parse::<u32>())
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|_| {
                            format!("QUORUM_REMINDER_MINUTES: `{text}` is not minutes separated by commas, such as 1440,60")
                        })
                })
                .transpose()?,
            mail: MailLayer {
                transport: var("QUORUM_MAIL_TRANSPORT"),
                dir: var("QUORUM_MAIL_DIR").map(PathBuf::from),
                smtp_url: var("QUORUM_SMTP_URL").map(Redacted),
                from: var("QUORUM_MAIL_FROM"),
                max_attempts: parse_var(&var, "QUORUM_MAIL_MAX_ATTEMPTS", WHOLE)?,
                retry_base_seconds: parse_var(&var, "QUORUM_MAIL_RETRY_BASE_SECONDS", SECONDS)?,
                poll_interval_seconds: parse_var(
                    &var,
                    "QUORUM_MAIL_POLL_INTERVAL_SECONDS",
                    SECONDS,
                )?,
                lease_seconds: parse_var(&var, "QUORUM_MAIL_LEASE_SECONDS", SECONDS)?,
                batch_size: parse_var(&var, "QUORUM_MAIL_BATCH_SIZE", WHOLE)?,
                worker: parse_var(&var, "QUORUM_MAIL_WORKER", "true or false")?,
            },
        })
    }

    /// This layer with `over`'s values on top.
    pub fn merged(mut self, over: Self) -> Self {
        self.listen = over.listen.or(self.listen);
        self.database_url = over.database_url.or(self.database_url);
        self.database_pool_size = over.database_pool_size.or(self.database_pool_size);
        self.trusted_proxy = over.trusted_proxy.or(self.trusted_proxy);
        self.metrics_token = over.metrics_token.or(self.metrics_token);
        self.log_format = over.log_format.or(self.log_format);
        self.base_url = over.base_url.or(self.base_url);
        self.feed_past_days = over.feed_past_days.or(self.feed_past_days);
        self.cache_bytes = over.cache_bytes.or(self.cache_bytes);
        self.files_max_bytes = over.files_max_bytes.or(self.files_max_bytes);
        self.outbox_retention_days = over.outbox_retention_days.or(self.outbox_retention_days);
        self.reminder_minutes = over.reminder_minutes.or(self.reminder_minutes);
        self.join_window_minutes = over.join_window_minutes.or(self.join_window_minutes);
        self.jitsi_url = over.jitsi_url.or(self.jitsi_url);
        self.jitsi_app_id = over.jitsi_app_id.or(self.jitsi_app_id);
        self.jitsi_secret = over.jitsi_secret.or(self.jitsi_secret);
        self.bbb_url = over.bbb_url.or(self.bbb_url);
        self.bbb_secret = over.bbb_secret.or(self.bbb_secret);
        self.bbb_checksum = over.bbb_checksum.or(self.bbb_checksum);
        self.bbb_timeout_seconds = over.bbb_timeout_seconds.or(self.bbb_timeout_seconds);
        if over.secret_key.is_some() || over.secret_key_file.is_some() {
            self.secret_key = over.secret_key;
            self.secret_key_file = over.secret_key_file;
        }
        self.mail.transport = over.mail.transport.or(self.mail.transport);
        self.mail.dir = over.mail.dir.or(self.mail.dir);
        self.mail.smtp_url = over.mail.smtp_url.or(self.mail.smtp_url);
        self.mail.from = over.mail.from.or(self.mail.from);
        self.mail.max_attempts = over.mail.max_attempts.or(self.mail.max_attempts);
        self.mail.retry_base_seconds = over
            .mail
            .retry_base_seconds
            .or(self.mail.retry_base_seconds);
        self.mail.poll_interval_seconds = over
            .mail
            .poll_interval_seconds
            .or(self.mail.poll_interval_seconds);
        self.mail.lease_seconds = over.mail.lease_seconds.or(self.mail.lease_seconds);
        self.mail.batch_size = over.mail.batch_size.or(self.mail.batch_size);
        self.mail.worker = over.mail.worker.or(self.mail.worker);
        self
    }

    /// Fills in the defaults and checks every value. The secret key file is
    /// read, or created, here.
    pub fn resolve(self) -> Result<Settings, String> {
        let log_format = self.log_format()?;
        let listen = self.listen.unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let database_url =
            DatabaseUrl::parse(self.database_url.as_deref().unwrap_or("sqlite://quorum.db"))?;
        let base_url = self
            .base_url
            .unwrap_or_else(|| format!("http://{listen}"))
            .trim_end_matches('/')
            .to_owned();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(format!(
                "the base URL must start with http:// or https://, not `{base_url}`"
            ));
        }
        let secret_key = match (self.secret_key, self.secret_key_file) {
            (Some(key), _) => SecretKey::from_hex(&key.0)?,
            (None, Some(path)) => load_or_create_key(&path)?,
            (None, None) => load_or_create_key(Path::new("quorum.secret"))?,
        };
        let transport = match self.mail.transport.as_deref() {
            None | Some("file") => MailTransport::File,
            Some("smtp") => MailTransport::Smtp,
            Some(other) => {
                return Err(format!(
                    "unknown mail transport `{other}`: use file or smtp"
                ));
            }
        };
        match (&self.mail.smtp_url, transport) {
            (None, MailTransport::Smtp) => {
                return Err("the smtp mail transport needs QUORUM_SMTP_URL".to_owned());
            }
            (Some(url), _) => {
                SmtpUrl::parse(&url.0)?;
            }
            (None, MailTransport::File) => {}
        }
        let from = self
            .mail
            .from
            .unwrap_or_else(|| "Club quorum <quorum@localhost>".to_owned());
        from.parse::<lettre::message::Mailbox>().map_err(|e| {
            format!("the mail sender `{from}` is not an address like Name <user@example.org>: {e}")
        })?;
        let max_attempts = self.mail.max_attempts.unwrap_or(8);
        if max_attempts == 0 {
            return Err("[mail] max_attempts must be at least 1".to_owned());
        }
        Ok(Settings {
            listen,
            database_url,
            database_pool_size: self.database_pool_size.unwrap_or(10).max(1),
            trusted_proxy: self.trusted_proxy.unwrap_or(false),
            metrics_token: metrics_token(self.metrics_token)?,
            log_format,
            base_url,
            secret_key,
            feed_past_days: self.feed_past_days.unwrap_or(180),
            cache_bytes: self.cache_bytes.unwrap_or(DEFAULT_CACHE_BYTES),
            files_max_bytes: match self.files_max_bytes.unwrap_or(DEFAULT_FILES_MAX_BYTES) {
                0 => return Err("files_max_bytes must be at least 1".to_owned()),
                max => max,
            },
            outbox_retention_days: self.outbox_retention_days.unwrap_or(30),
            join_window: chrono::Duration::minutes(i64::from(
                self.join_window_minutes.unwrap_or(15),
            )),
            jitsi_url: {
                let url = self
                    .jitsi_url
                    .unwrap_or_else(|| "https://meet.jit.si".to_owned());
                if !url.starts_with("https://") && !url.starts_with("http://") {
                    return Err(format!("jitsi_url `{url}` is not an http(s) address"));
                }
                url.trim_end_matches('/').to_owned()
            },
            jitsi_jwt: match (self.jitsi_app_id, self.jitsi_secret) {
                (Some(id), Some(secret)) if !id.is_empty() && secret.0.len() >= 32 => {
                    Some((id, secret))
                }
                (None, None) => None,
                _ => {
                    return Err(
                        "Jitsi JWT needs both jitsi_app_id and jitsi_secret (32 characters or more)"
                            .to_owned(),
                    );
                }
            },
            bigbluebutton: bigbluebutton(
                self.bbb_url,
                self.bbb_secret,
                self.bbb_checksum.as_deref(),
                self.bbb_timeout_seconds,
            )?,
            reminders: self
                .reminder_minutes
                .unwrap_or_else(|| vec![24 * 60, 60])
                .into_iter()
                .map(|m| chrono::Duration::minutes(i64::from(m)))
                .collect(),
            mail: MailSettings {
                transport,
                dir: self.mail.dir.unwrap_or_else(|| PathBuf::from("mail")),
                smtp_url: self.mail.smtp_url,
                from,
                max_attempts,
                retry_base: seconds("retry_base_seconds", self.mail.retry_base_seconds, 30.0)?,
                poll_interval: seconds(
                    "poll_interval_seconds",
                    self.mail.poll_interval_seconds,
                    1.0,
                )?,
                lease: seconds("lease_seconds", self.mail.lease_seconds, 120.0)?,
                batch_size: self.mail.batch_size.unwrap_or(20).max(1),
                worker: self.mail.worker.unwrap_or(true),
            },
        })
    }
}

impl Layer {
    /// The log format this layer asks for (read before the other settings:
    /// logging starts first).
    pub fn log_format(&self) -> Result<LogFormat, String> {
        self.log_format
            .as_deref()
            .map_or(Ok(LogFormat::Text), str::parse)
    }
}

/// The metrics token: none when unset or empty (an empty variable turns it
/// off), refused when short enough to guess.
fn metrics_token(token: Option<Redacted>) -> Result<Option<Redacted>, String> {
    match token {
        Some(token) if token.0.trim().is_empty() => Ok(None),
        Some(token) if token.0.trim().len() < 16 => {
            Err("metrics_token must be 16 characters or more".to_owned())
        }
        Some(token) => Ok(Some(Redacted(token.0.trim().to_owned()))),
        None => Ok(None),
    }
}

/// Reads the variable `name` as a `T`, naming it and `what` it should be when
/// it is not one.
fn parse_var<T: FromStr>(
    var: impl Fn(&str) -> Option<String>,
    name: &str,
    what: &str,
) -> Result<Option<T>, String> {
    match var(name) {
        Some(text) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("{name} must be {what}, not `{text}`")),
        None => Ok(None),
    }
}

/// The BigBlueButton server: an http(s) API address (given a trailing
/// `/`) and its secret, both or neither.
fn bigbluebutton(
    url: Option<String>,
    secret: Option<Redacted>,
    checksum: Option<&str>,
    timeout_seconds: Option<f64>,
) -> Result<Option<crate::infra::bigbluebutton::ServerSettings>, String> {
    let (url, secret) = match (url, secret) {
        (None, None) => return Ok(None),
        (Some(url), Some(secret)) if !secret.0.trim().is_empty() => (url, secret),
        _ => return Err("BigBlueButton needs both bbb_url and bbb_secret".to_owned()),
    };
    let parsed = url::Url::parse(&url).map_err(|e| format!("bbb_url `{url}`: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(format!("bbb_url `{url}` is not an http(s) address"));
    }
    let timeout = timeout_seconds.unwrap_or(5.0);
    if !(timeout.is_finite() && timeout > 0.0 && timeout <= 60.0) {
        return Err(format!(
            "bbb_timeout_seconds must be a number of seconds up to 60, not {timeout}"
        ));
    }
    Ok(Some(crate::infra::bigbluebutton::ServerSettings {
        url: format!("{}/", url.trim_end_matches('/')),
        secret,
        checksum: checksum.map_or(
            Ok(crate::infra::bigbluebutton::ChecksumAlgorithm::Sha256),
            str::parse,
        )?,
        timeout: Duration::from_secs_f64(timeout),
    }))
}

/// A positive number of seconds of the `[mail]` section as a duration.
fn seconds(name: &str, value: Option<f64>, default: f64) -> Result<Duration, String> {
    let value = value.unwrap_or(default);
    if !(value.is_finite() && value > 0.0) {
        return Err(format!(
            "[mail] {name} must be a positive number of seconds, not {value}"
        ));
    }
    Duration::try_from_secs_f64(value)
        .map_err(|_| format!("[mail] {name} is too large: {value} seconds"))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\
                       00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    fn env(pairs: &[(&str, &str)]) -> Layer {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Layer::from_env(|name| map.get(name).cloned()).expect("valid environment")
    }

    #[test]
    fn defaults_listen_locally_on_sqlite() {
        let settings = env(&[("QUORUM_SECRET_KEY", KEY)])
            .resolve()
            .expect("defaults");
        assert_eq!(settings.listen, "127.0.0.1:8080");
        assert_eq!(
            settings.database_url,
            DatabaseUrl::Sqlite("quorum.db".into())
        );
        assert_eq!(settings.base_url, "http://127.0.0.1:8080");
        assert_eq!(settings.mail.transport, MailTransport::File);
    }

    #[test]
    fn file_then_environment_then_flags() {
        let file: Layer = toml::from_str(
            "listen = \"0.0.0.0:80\"\nbase_url = \"https://club.example/\"\n[mail]\nfrom = \"club@example.org\"\n",
        )
        .expect("valid toml");
        let environment = env(&[("QUORUM_LISTEN", "0.0.0.0:81"), ("QUORUM_SECRET_KEY", KEY)]);
        let flags = Layer {
            listen: Some("127.0.0.1:82".into()),
            ..Layer::default()
        };
        let settings = file
            .merged(environment)
            .merged(flags)
            .resolve()
            .expect("valid");
        assert_eq!(settings.listen, "127.0.0.1:82");
        assert_eq!(settings.base_url, "https://club.example");
        assert_eq!(settings.mail.from, "club@example.org");
    }

    #[test]
    fn unknown_file_key_is_refused() {
        let err = toml::from_str::<Layer>("listn = \"x\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("listn"), "{err}");
    }

    #[test]
    fn short_secret_key_is_refused() {
        let err = env(&[("QUORUM_SECRET_KEY", "abcd")]).resolve().unwrap_err();
        assert!(err.contains("at least 64 bytes"), "{err}");
    }

    #[test]
    fn secret_key_file_is_created_once_and_private() {
        let dir = std::env::temp_dir().join(format!("quorum-key-{}", crate::db::new_id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("quorum.secret");
        let first = load_or_create_key(&path).expect("created");
        let second = load_or_create_key(&path).expect("read back");
        assert_eq!(first, second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(
                mode & 0o077,
                0,
                "the key file is readable by others: {mode:o}"
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn secrets_are_not_printed() {
        let settings = env(&[
            ("QUORUM_SECRET_KEY", KEY),
            ("QUORUM_MAIL_TRANSPORT", "smtp"),
            ("QUORUM_SMTP_URL", "smtp://user:hunter2@relay"),
        ])
        .resolve()
        .expect("valid");
        let shown = format!("{settings:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("aabbcc"),
            "{shown}"
        );
    }

    #[test]
    fn mail_defaults() {
        let mail = env(&[("QUORUM_SECRET_KEY", KEY)])
            .resolve()
            .expect("defaults")
            .mail;
        assert_eq!(mail.max_attempts, 8);
        assert_eq!(mail.retry_base, Duration::from_secs(30));
        assert_eq!(mail.poll_interval, Duration::from_secs(1));
        assert_eq!(mail.lease, Duration::from_secs(120));
        assert_eq!(mail.batch_size, 20);
        assert!(mail.worker);
    }

    #[test]
    fn outbox_retention_is_a_month_unless_told() {
        let defaults = env(&[("QUORUM_SECRET_KEY", KEY)]);
        assert_eq!(
            defaults.resolve().expect("defaults").outbox_retention_days,
            30
        );
        let file: Layer = toml::from_str("outbox_retention_days = 7\n").expect("valid toml");
        let environment = env(&[
            ("QUORUM_SECRET_KEY", KEY),
            ("QUORUM_OUTBOX_RETENTION_DAYS", "2"),
        ]);
        assert_eq!(
            file.clone()
                .merged(env(&[("QUORUM_SECRET_KEY", KEY)]))
                .resolve()
                .expect("valid")
                .outbox_retention_days,
            7
        );
        assert_eq!(
            file.merged(environment)
                .resolve()
                .expect("valid")
                .outbox_retention_days,
            2
        );
        let map =
            |name: &str| (name == "QUORUM_OUTBOX_RETENTION_DAYS").then(|| "a month".to_owned());
        let error = Layer::from_env(map).unwrap_err();
        assert!(error.contains("QUORUM_OUTBOX_RETENTION_DAYS"), "{error}");
    }

    #[test]
    fn mail_settings_from_file_then_environment() {
        let file: Layer = toml::from_str(
            "[mail]\nmax_attempts = 3\nretry_base_seconds = 10\nlease_seconds = 60\nworker = false\n",
        )
        .expect("valid toml");
        let environment = env(&[
            ("QUORUM_SECRET_KEY", KEY),
            ("QUORUM_MAIL_MAX_ATTEMPTS", "5"),
            ("QUORUM_MAIL_RETRY_BASE_SECONDS", "0.25"),
            ("QUORUM_MAIL_POLL_INTERVAL_SECONDS", "0.1"),
            ("QUORUM_MAIL_BATCH_SIZE", "7"),
        ]);
        let mail = file.merged(environment).resolve().expect("valid").mail;
        assert_eq!(mail.max_attempts, 5);
        assert_eq!(mail.retry_base, Duration::from_millis(250));
        assert_eq!(mail.poll_interval, Duration::from_millis(100));
        assert_eq!(mail.lease, Duration::from_secs(60));
        assert_eq!(mail.batch_size, 7);
        assert!(!mail.worker);
    }

    #[test]
    fn bad_mail_numbers_are_named() {
        let map = |name: &str| (name == "QUORUM_MAIL_MAX_ATTEMPTS").then(|| "eight".to_owned());
        let err = Layer::from_env(map).unwrap_err();
        assert!(
            err.contains("QUORUM_MAIL_MAX_ATTEMPTS") && err.contains("eight"),
            "{err}"
        );
        let err = env(&[
            ("QUORUM_SECRET_KEY", KEY),
            ("QUORUM_MAIL_RETRY_BASE_SECONDS", "-1"),
        ])
        .resolve()
        .unwrap_err();
        assert!(err.contains("retry_base_seconds"), "{err}");
        let err = env(&[
            ("QUORUM_SECRET_KEY", KEY),
            ("QUORUM_MAIL_MAX_ATTEMPTS", "0"),
        ])
        .resolve()
        .unwrap_err();
        assert!(err.contains("max_attempts"), "{err}");
    }

    #[test]
    fn bad_sender_and_smtp_url_are_refused_without_the_password() {
        let err = env(&[("QUORUM_SECRET_KEY", KEY), ("QUORUM_MAIL_FROM", "nobody")])
            .resolve()
            .unwrap_err();
        assert!(err.contains("nobody"), "{err}");
        let err = env(&[
            ("QUORUM_SECRET_KEY", KEY),
            ("QUORUM_MAIL_TRANSPORT", "smtp"),
            ("QUORUM_SMTP_URL", "imap://user:hunter2@relay"),
        ])
        .resolve()
        .unwrap_err();
        assert!(err.contains("imap") && !err.contains("hunter2"), "{err}");
    }

    #[test]
    fn unknown_mail_transport_is_refused() {
        let err = env(&[
            ("QUORUM_SECRET_KEY", KEY),
            ("QUORUM_MAIL_TRANSPORT", "pigeon"),
        ])
        .resolve()
        .unwrap_err();
        assert!(err.contains("pigeon"), "{err}");
    }

    #[test]
    fn bigbluebutton_needs_an_address_and_a_secret() {
        use crate::infra::bigbluebutton::ChecksumAlgorithm;
        let none = env(&[("QUORUM_SECRET_KEY", KEY)]).resolve().expect("valid");
        assert!(none.bigbluebutton.is_none());
        let server = env(&[
            ("QUORUM_SECRET_KEY", KEY),
            (
                "QUORUM_BBB_URL",
                "https://bbb.example.org/bigbluebutton/api",
            ),
            ("QUORUM_BBB_SECRET", "s3cr3t-partage"),
        ])
        .resolve()
        .expect("valid")
        .bigbluebutton
        .expect("a server");
        assert_eq!(server.url, "https://bbb.example.org/bigbluebutton/api/");
        assert_eq!(server.checksum, ChecksumAlgorithm::Sha256);
        assert_eq!(server.timeout, Duration::from_secs(5));
        assert!(!format!("{server:?}").contains("s3cr3t"));
        let sha1 = env(&[
            ("QUORUM_SECRET_KEY", KEY),
            (
                "QUORUM_BBB_URL",
                "https://bbb.example.org/bigbluebutton/api/",
            ),
            ("QUORUM_BBB_SECRET", "s3cr3t-partage"),
            ("QUORUM_BBB_CHECKSUM", "sha1"),
            ("QUORUM_BBB_TIMEOUT_SECONDS", "2.5"),
        ])
        .resolve()
        .expect("valid")
        .bigbluebutton
        .expect("a server");
        assert_eq!(sha1.checksum, ChecksumAlgorithm::Sha1);
        assert_eq!(sha1.timeout, Duration::from_millis(2500));
        for bad in [
            vec![("QUORUM_BBB_URL", "https://bbb.example.org/")],
            vec![("QUORUM_BBB_SECRET", "s3cr3t-partage")],
            vec![
                ("QUORUM_BBB_URL", "ftp://bbb.example.org/"),
                ("QUORUM_BBB_SECRET", "s3cr3t-partage"),
            ],
            vec![
                ("QUORUM_BBB_URL", "https://bbb.example.org/"),
                ("QUORUM_BBB_SECRET", "s3cr3t-partage"),
                ("QUORUM_BBB_CHECKSUM", "md5"),
            ],
        ] {
            let mut pairs = vec![("QUORUM_SECRET_KEY", KEY)];
            pairs.extend(bad);
            let err = env(&pairs).resolve().unwrap_err();
            assert!(!err.contains("s3cr3t"), "{err}");
        }
    }

    #[test]
    fn metrics_token_and_log_format() {
        let settings = env(&[("QUORUM_SECRET_KEY", KEY)])
            .resolve()
            .expect("defaults");
        assert_eq!(settings.metrics_token, None);
        assert_eq!(settings.log_format, LogFormat::Text);
        let settings = env(&[
            ("QUORUM_SECRET_KEY", KEY),
            ("QUORUM_METRICS_TOKEN", "a-long-scrape-token"),
            ("QUORUM_LOG_FORMAT", "json"),
        ])
        .resolve()
        .expect("valid");
        assert_eq!(
            settings.metrics_token,
            Some(Redacted("a-long-scrape-token".into()))
        );
        assert_eq!(settings.log_format, LogFormat::Json);
        assert!(!format!("{settings:?}").contains("a-long-scrape-token"));
        // an empty variable turns the token off
        let settings = env(&[("QUORUM_SECRET_KEY", KEY), ("QUORUM_METRICS_TOKEN", "")])
            .resolve()
            .expect("valid");
        assert_eq!(settings.metrics_token, None);
        let err = env(&[
            ("QUORUM_SECRET_KEY", KEY),
            ("QUORUM_METRICS_TOKEN", "short"),
        ])
        .resolve()
        .unwrap_err();
        assert!(
            err.contains("metrics_token") && !err.contains("short"),
            "{err}"
        );
        let err = env(&[("QUORUM_SECRET_KEY", KEY), ("QUORUM_LOG_FORMAT", "xml")])
            .resolve()
            .unwrap_err();
        assert!(err.contains("`xml`"), "{err}");
    }
}
