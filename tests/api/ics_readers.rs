//! Three independent real iCalendar readers: Python's `icalendar` (events
//! listed by `recurring-ical-events`; times converted with the system's
//! zone rules), Mozilla's `ical.js` under Node (Thunderbird's parser) and
//! `vobject` (Radicale's) — the last two convert times with the calendar's
//! own VTIMEZONEs. Installed the first time into the test target folder,
//! from PyPI and npm, pinned.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

const PYTHON_PACKAGES: [&str; 2] = ["icalendar==7.3.2", "recurring-ical-events==3.8.2"];
const VOBJECT: &str = "vobject==0.9.9";
const ICAL_JS: &str = "ical.js@2.2.1";

fn support(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/support")
        .join(file)
}

/// PYTHONPATH holding the Python reader's packages.
fn python_path() -> &'static PathBuf {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        crate::helpers::python_packages(
            "python-icalendar-7.3.2",
            "import icalendar, recurring_ical_events",
            &PYTHON_PACKAGES,
        )
    })
}

/// PYTHONPATH holding vobject.
fn vobject_path() -> &'static PathBuf {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        crate::helpers::python_packages("python-vobject-0.9.9", "import vobject", &[VOBJECT])
    })
}

/// The ES module of ical.js.
fn ical_js() -> &'static PathBuf {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| crate::helpers::npm_package("node-icaljs-2.2.1", ICAL_JS, "dist/ical.js"))
}

fn run(command: &mut Command, ics: &str) -> Value {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the reader starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(ics.as_bytes())
        .expect("written");
    let output = child.wait_with_output().expect("the reader ends");
    assert!(
        output.status.success(),
        "the reader failed on:\n{ics}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the reader prints JSON")
}

/// What the three readers understood of `ics`; they must agree on
/// everything (events, UTC instants, texts, names, properties).
pub fn read(ics: &str) -> Value {
    let python = run(
        Command::new("python3")
            .arg(support("ics_python.py"))
            .env("PYTHONPATH", python_path()),
        ics,
    );
    let node = run(
        Command::new("node")
            .arg(support("ics_node.mjs"))
            .env("ICAL_JS", ical_js()),
        ics,
    );
    let vobject = run(
        Command::new("python3")
            .arg(support("ics_vobject.py"))
            .env("PYTHONPATH", vobject_path()),
        ics,
    );
    assert_eq!(python, node, "icalendar and ical.js disagree on:\n{ics}");
    assert_eq!(python, vobject, "icalendar and vobject disagree on:\n{ics}");
    python
}
