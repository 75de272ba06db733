//! A real SMTP server for the mail tests: `tests/support/smtp_server.py`
//! (Python's aiosmtpd) in a child process, killed when dropped. What it
//! received is read back and parsed with a MIME parser.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use mail_parser::{Message, MessageParser};

/// The Python package of the test SMTP server, pinned.
const AIOSMTPD: &str = "aiosmtpd==1.4.6";

/// A folder holding aiosmtpd for the tests (see `helpers::python_packages`).
fn python_path() -> &'static PathBuf {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        crate::helpers::python_packages("python-aiosmtpd-1.4.6", "import aiosmtpd", &[AIOSMTPD])
    })
}

/// How the server misbehaves.
#[derive(Debug, Default, Clone)]
pub struct SmtpOptions {
    /// Answer the first N DATA commands with `fail_reply`.
    pub fail_first: u32,
    /// The reply to those (default `451 4.3.0 try again later`).
    pub fail_reply: Option<String>,
    /// Wait this long before answering each DATA.
    pub delay_ms: u64,
}

/// A running SMTP server on 127.0.0.1.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    root: PathBuf,
}

impl SmtpServer {
    /// Starts a server that accepts everything.
    pub fn start() -> Self {
        Self::start_with(&SmtpOptions::default())
    }

    /// Starts a server with `options`.
    pub fn start_with(options: &SmtpOptions) -> Self {
        let root =
            std::env::temp_dir().join(format!("quorum-smtp-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&root).expect("the SMTP server's folder");
        let log = std::fs::File::create(root.join("server.log")).expect("the SMTP server's log");
        let mut command = Command::new("python3");
        command
            .env("PYTHONPATH", python_path())
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/support/smtp_server.py"
            ))
            .arg("--dir")
            .arg(root.join("messages"))
            .args(["--fail-first", &options.fail_first.to_string()])
            .args(["--delay-ms", &options.delay_ms.to_string()]);
        if let Some(reply) = &options.fail_reply {
            command.args(["--fail-reply", reply]);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("the server's standard output");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the server prints its port");
        let Ok(port) = line.trim().parse() else {
            let _ = child.kill();
            let _ = child.wait();
            let log = std::fs::read_to_string(root.join("server.log")).unwrap_or_default();
            panic!("the SMTP server did not start:\n{log}");
        };
        Self { child, port, root }
    }

    /// The URL quorum's settings take.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The built `quorum <subcommand>` on `database`, sending its mail
    /// here, run in `dir` with its standard error in `log`: a process of
    /// its own, as an operator runs it (callers add their own settings).
    pub fn quorum(
        &self,
        subcommand: &str,
        database: &crate::helpers::TestDatabase,
        dir: &std::path::Path,
        log: std::fs::File,
    ) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_quorum"));
        command
            .arg(subcommand)
            .current_dir(dir)
            .env_remove("QUORUM_CONFIG")
            .env("QUORUM_DATABASE_URL", &database.url)
            .env("QUORUM_SECRET_KEY", crate::helpers::TEST_SECRET_KEY)
            .env("QUORUM_BASE_URL", "https://quorum.example.org")
            .env("QUORUM_MAIL_TRANSPORT", "smtp")
            .env("QUORUM_SMTP_URL", self.url())
            .env("QUORUM_MAIL_FROM", crate::mail::SENDER)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        command
    }

    /// Every message accepted so far, in the order they were accepted.
    pub fn received(&self) -> Vec<Vec<u8>> {
        let Ok(entries) = std::fs::read_dir(self.root.join("messages")) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries
            .map(|entry| entry.expect("a folder entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "eml"))
            .filter(|path| {
                !path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|path| std::fs::read(path).expect("a received message"))
            .collect()
    }

    /// The Message-IDs of every message accepted so far, with their angle
    /// brackets, as quorum stores them.
    pub fn message_ids(&self) -> Vec<String> {
        self.received()
            .iter()
            .map(|raw| {
                let id = parse(raw).message_id().map(str::to_owned);
                format!("<{}>", id.expect("a Message-ID"))
            })
            .collect()
    }

    /// Waits until `count` messages arrived, at most `within`.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Vec<u8>> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let received = self.received();
            if received.len() >= count || tokio::time::Instant::now() >= deadline {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// A received message, parsed as a mail client would.
pub fn parse(raw: &[u8]) -> Message<'_> {
    MessageParser::default()
        .parse(raw)
        .expect("a parsable message")
}
