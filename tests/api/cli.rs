//! The binary itself: what an operator sees when something is wrong.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn quorum(args: &[&str], dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quorum"))
        .args(args)
        .current_dir(dir)
        .env_remove("QUORUM_DATABASE_URL")
        .env("QUORUM_SECRET_KEY", crate::helpers::TEST_SECRET_KEY)
        .env("RUST_LOG", "warn")
        .output()
        .expect("quorum runs")
}

fn scratch_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("quorum-cli-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Fails with exactly one line on standard error, naming `expected`.
fn assert_one_line_failure(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "should fail: {stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("quorum: ") && lines[0].contains(expected),
        "{stderr}"
    );
}

#[test]
fn unknown_database_scheme_is_named() {
    let output = quorum(
        &["migrate", "--database-url", "mysql://localhost/quorum"],
        &scratch_dir(),
    );
    assert_one_line_failure(&output, "unknown database URL scheme `mysql`");
}

#[test]
fn unreachable_postgres_is_named() {
    let output = quorum(
        &[
            "migrate",
            "--database-url",
            "postgres://quorum@127.0.0.1:1/quorum",
        ],
        &scratch_dir(),
    );
    assert_one_line_failure(
        &output,
        "cannot connect to PostgreSQL at postgres://quorum@127.0.0.1:1/quorum",
    );
}

#[test]
fn unwritable_sqlite_path_is_named() {
    let output = quorum(
        &[
            "migrate",
            "--database-url",
            "sqlite:///no/such/dir/quorum.db",
        ],
        &scratch_dir(),
    );
    assert_one_line_failure(
        &output,
        "cannot open the SQLite database `/no/such/dir/quorum.db`",
    );
}

#[test]
fn migrate_creates_the_default_sqlite_database_and_secret() {
    let dir = scratch_dir();
    let output = Command::new(env!("CARGO_BIN_EXE_quorum"))
        .arg("migrate")
        .current_dir(&dir)
        .env_remove("QUORUM_DATABASE_URL")
        .env_remove("QUORUM_SECRET_KEY")
        .output()
        .expect("quorum runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.join("quorum.db").exists());
    let key = std::fs::read_to_string(dir.join("quorum.secret")).expect("the key file");
    assert_eq!(key.trim().len(), 128);
    let logs = String::from_utf8_lossy(&output.stderr);
    assert!(!logs.contains(key.trim()), "the secret key was logged");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn serve_stops_gracefully_on_sigterm() {
    let dir = scratch_dir();
    let mut child = Command::new(env!("CARGO_BIN_EXE_quorum"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .current_dir(&dir)
        .env_remove("QUORUM_DATABASE_URL")
        .env("QUORUM_SECRET_KEY", crate::helpers::TEST_SECRET_KEY)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("quorum starts");
    // wait for the database to be created and the server to bind
    let started = Instant::now();
    while !dir.join("quorum.db").exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "still running 20 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(exit.success(), "exit status {exit:?}");
    std::fs::remove_dir_all(dir).ok();
}
