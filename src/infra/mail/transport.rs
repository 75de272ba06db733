//! How a formatted message leaves: an SMTP relay, `.eml` files in a folder
//! (the embedded default), or memory (tests).
//!
//! The outbox hands over the exact bytes it stored, so every retry of a
//! message sends the same message.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use lettre::address::{Address, Envelope};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::infra::settings::{MailSettings, MailTransport};

/// How long one SMTP command may take before the attempt counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(60);

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// An SMTP relay.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One `.eml` file per message in this folder, named by the outbox id so
    /// that a retry overwrites instead of duplicating.
    File(PathBuf),
    /// Kept in memory, for tests.
    Memory(Arc<Mutex<Vec<SentMessage>>>),
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Smtp(_) => f.write_str("Mailer::Smtp"),
            Self::File(dir) => write!(f, "Mailer::File({})", dir.display()),
            Self::Memory(_) => f.write_str("Mailer::Memory"),
        }
    }
}

/// A message the memory mailer received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    /// The outbox row it came from.
    pub outbox_id: String,
    /// The envelope sender.
    pub envelope_from: String,
    /// The envelope recipient.
    pub to: String,
    /// The message as sent.
    pub raw: Vec<u8>,
}

/// Why a message was not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The server refused the message for good (a 5xx reply, a malformed
    /// address): trying again will not help.
    #[error("refused permanently: {0}")]
    Permanent(String),
    /// Anything that may pass later: a 4xx reply, a connection or TLS
    /// problem, a timeout, a full disk, a refused login.
    #[error("failed for now: {0}")]
    Transient(String),
}

impl SendError {
    /// Whether trying again is pointless.
    pub fn is_permanent(&self) -> bool {
        matches!(self, Self::Permanent(_))
    }
}

impl Mailer {
    /// The mailer the settings describe.
    pub fn from_settings(mail: &MailSettings) -> Result<Self, String> {
        match mail.transport {
            MailTransport::File => Ok(Self::File(mail.dir.clone())),
            MailTransport::Smtp => {
                let url = mail
                    .smtp_url
                    .as_ref()
                    .ok_or("the smtp mail transport needs QUORUM_SMTP_URL")?;
                SmtpUrl::parse(&url.0)?.transport().map(Self::Smtp)
            }
        }
    }

    /// A mailer that keeps what it is given, for tests.
    pub fn memory() -> Self {
        Self::Memory(Arc::default())
    }

    /// What the memory mailer received so far (nothing for the others).
    pub fn sent(&self) -> Vec<SentMessage> {
        match self {
            Self::Memory(sent) => sent.lock().unwrap_or_else(PoisonError::into_inner).clone(),
            _ => Vec::new(),
        }
    }

    /// Sends `raw` as it is from `envelope_from` to `to`. `outbox_id` names
    /// the file of the file transport.
    pub async fn send_raw(
        &self,
        outbox_id: &str,
        envelope_from: &str,
        to: &str,
        raw: &[u8],
    ) -> Result<(), SendError> {
        let address = |text: &str| {
            text.parse::<Address>()
                .map_err(|e| SendError::Permanent(format!("invalid address `{text}`: {e}")))
        };
        let envelope = Envelope::new(Some(address(envelope_from)?), vec![address(to)?])
            .map_err(|e| SendError::Permanent(format!("invalid envelope: {e}")))?;
        match self {
            Self::Smtp(transport) => transport
                .send_raw(&envelope, raw)
                .await
                .map(|_| ())
                .map_err(|e| classify(&e)),
            Self::File(dir) => write_eml(dir, outbox_id, raw).await.map_err(|e| {
                SendError::Transient(format!("cannot write to {}: {e}", dir.display()))
            }),
            Self::Memory(sent) => {
                sent.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(SentMessage {
                        outbox_id: outbox_id.to_owned(),
                        envelope_from: envelope_from.to_owned(),
                        to: to.to_owned(),
                        raw: raw.to_vec(),
                    });
                Ok(())
            }
        }
    }
}

/// Reply codes that refuse the login, not the message: the operator fixes
/// the credentials and the queue drains, so they are worth retrying.
const AUTHENTICATION_CODES: [u16; 4] = [530, 534, 535, 538];

fn classify(error: &lettre::transport::smtp::Error) -> SendError {
    let text = error.to_string();
    match error.status().map(u16::from) {
        Some(code) if error.is_permanent() && !AUTHENTICATION_CODES.contains(&code) => {
            SendError::Permanent(text)
        }
        _ => SendError::Transient(text),
    }
}

/// Writes the file next to its final name, then renames it: a crash never
/// leaves half a message under the final name.
async fn write_eml(dir: &std::path::Path, outbox_id: &str, raw: &[u8]) -> std::io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let path = dir.join(format!("{outbox_id}.eml"));
    let partial = dir.join(format!(".{outbox_id}.eml.partial"));
    tokio::fs::write(&partial, raw).await?;
    tokio::fs::rename(&partial, &path).await
}

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// No TLS (`smtp://host:port`): a relay on the same machine or network.
    Plain,
    /// STARTTLS, required (`smtp://…?tls=required`).
    StartTls,
    /// STARTTLS when the server offers it (`smtp://…?tls=opportunistic`).
    Opportunistic,
    /// TLS from the first byte (`smtps://…`).
    ImplicitTls,
}

/// An SMTP relay URL, read: `smtp://host:port` (plain),
/// `smtp://user:pass@host:587?tls=required` (STARTTLS),
/// `smtps://user:pass@host:465` (implicit TLS). User and password are
/// percent-decoded.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    /// How the connection is protected.
    pub security: SmtpSecurity,
    /// The relay's host name or address.
    pub host: String,
    /// The relay's port.
    pub port: u16,
    /// User and password, when the relay wants a login.
    pub credentials: Option<(String, String)>,
}

/// Never prints the password.
impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpUrl")
            .field("security", &self.security)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .finish()
    }
}

impl SmtpUrl {
    /// Reads a relay URL; errors never repeat the password.
    pub fn parse(text: &str) -> Result<Self, String> {
        let url = url::Url::parse(text)
            .map_err(|e| format!("the SMTP URL is not a URL ({e}): write smtp://HOST:PORT"))?;
        let implicit = match url.scheme() {
            "smtp" => false,
            "smtps" => true,
            other => {
                return Err(format!(
                    "unknown SMTP URL scheme `{other}`: use smtp:// or smtps://"
                ));
            }
        };
        let host = match url.host_str() {
            Some(host) if !host.is_empty() => host.trim_matches(['[', ']']).to_owned(),
            _ => return Err("the SMTP URL names no host: write smtp://HOST:PORT".to_owned()),
        };
        let mut tls = None;
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "tls" => tls = Some(value.into_owned()),
                other => return Err(format!("unknown SMTP URL option `{other}`: only tls=…")),
            }
        }
        let security = match (implicit, tls.as_deref()) {
            (true, None) => SmtpSecurity::ImplicitTls,
            (true, Some(_)) => {
                return Err("smtps:// is TLS already: drop the tls= option".to_owned());
            }
            (false, None | Some("none")) => SmtpSecurity::Plain,
            (false, Some("required")) => SmtpSecurity::StartTls,
            (false, Some("opportunistic")) => SmtpSecurity::Opportunistic,
            (false, Some(other)) => {
                return Err(format!(
                    "unknown SMTP URL option tls={other}: use required, opportunistic or none"
                ));
            }
        };
        let port = url.port().unwrap_or(match security {
            SmtpSecurity::Plain => 25,
            SmtpSecurity::StartTls | SmtpSecurity::Opportunistic => 587,
            SmtpSecurity::ImplicitTls => 465,
        });
        let decode = |part: &str, what: &str| {
            percent_encoding::percent_decode_str(part)
                .decode_utf8()
                .map(|text| text.into_owned())
                .map_err(|_| format!("the SMTP {what} is not UTF-8 once decoded"))
        };
        let credentials = match (url.username(), url.password()) {
            ("", None) => None,
            (user, password) => Some((
                decode(user, "user")?,
                decode(password.unwrap_or_default(), "password")?,
            )),
        };
        Ok(Self {
            security,
            host,
            port,
            credentials,
        })
    }

    /// The lettre transport for this relay.
    pub fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let tls_parameters = || {
            TlsParameters::new(self.host.clone())
                .map_err(|e| format!("cannot prepare TLS for {}: {e}", self.host))
        };
        let tls = match self.security {
            SmtpSecurity::Plain => Tls::None,
            SmtpSecurity::StartTls => Tls::Required(tls_parameters()?),
            SmtpSecurity::Opportunistic => Tls::Opportunistic(tls_parameters()?),
            SmtpSecurity::ImplicitTls => Tls::Wrapper(tls_parameters()?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
            .port(self.port)
            .tls(tls)
            .timeout(Some(SMTP_TIMEOUT));
        if let Some((user, password)) = &self.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(builder.build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> SmtpUrl {
        SmtpUrl::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn plain_local_relay() {
        assert_eq!(
            parse("smtp://127.0.0.1:2525"),
            SmtpUrl {
                security: SmtpSecurity::Plain,
                host: "127.0.0.1".into(),
                port: 2525,
                credentials: None,
            }
        );
        assert_eq!(parse("smtp://relay").port, 25);
    }

    #[test]
    fn starttls_with_encoded_credentials() {
        let url = parse("smtp://club%40example.org:p%40ss%3Aw%2Ford@mail.example.org?tls=required");
        assert_eq!(url.security, SmtpSecurity::StartTls);
        assert_eq!(url.host, "mail.example.org");
        assert_eq!(url.port, 587);
        assert_eq!(
            url.credentials,
            Some(("club@example.org".into(), "p@ss:w/ord".into()))
        );
        assert_eq!(
            parse("smtp://relay:2587?tls=opportunistic").security,
            SmtpSecurity::Opportunistic
        );
    }

    #[test]
    fn implicit_tls() {
        let url = parse("smtps://user:secret@mail.example.org");
        assert_eq!(url.security, SmtpSecurity::ImplicitTls);
        assert_eq!(url.port, 465);
        assert_eq!(url.credentials, Some(("user".into(), "secret".into())));
    }

    #[test]
    fn user_without_password() {
        assert_eq!(
            parse("smtp://relay-user@relay:25").credentials,
            Some(("relay-user".into(), String::new()))
        );
    }

    #[test]
    fn mistakes_are_named_without_the_password() {
        for (text, expected) in [
            ("imap://u:hunter2@relay", "`imap`"),
            ("smtp://u:hunter2@relay?tls=maybe", "tls=maybe"),
            ("smtp://u:hunter2@relay?starttls=1", "`starttls`"),
            ("smtps://u:hunter2@relay?tls=required", "drop the tls="),
            ("relay:25", "scheme `relay`"),
        ] {
            let err = SmtpUrl::parse(text).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
            assert!(!err.contains("hunter2"), "{text}: {err}");
        }
        let shown = format!("{:?}", parse("smtps://u:hunter2@relay"));
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn every_form_builds_a_transport() {
        for text in [
            "smtp://127.0.0.1:2525",
            "smtp://u:p@relay:587?tls=required",
            "smtps://u:p@relay:465",
        ] {
            parse(text).transport().expect("a transport");
        }
    }

    #[tokio::test]
    async fn file_transport_overwrites_on_retry() {
        let dir = std::env::temp_dir().join(format!("quorum-mail-{}", crate::db::new_id()));
        let mailer = Mailer::File(dir.clone());
        for _ in 0..2 {
            mailer
                .send_raw(
                    "0190-id",
                    "club@example.org",
                    "a@example.org",
                    b"Subject: x\r\n\r\nhi\r\n",
                )
                .await
                .expect("written");
        }
        let names: Vec<_> = std::fs::read_dir(&dir)
            .expect("the folder")
            .map(|entry| entry.expect("an entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("0190-id.eml")]);
        std::fs::remove_dir_all(dir).ok();
    }

    #[tokio::test]
    async fn a_malformed_recipient_is_permanent() {
        let err = Mailer::memory()
            .send_raw("id", "club@example.org", "not an address", b"x")
            .await
            .unwrap_err();
        assert!(err.is_permanent(), "{err}");
    }
}
