//! Not a test: the command that draws the README's screenshots of the demo
//! club, on a desktop and on a phone, into `docs/screenshots/`:
//!
//! ```sh
//! cargo test --test api draw_the_readme_screenshots -- --ignored
//! ```
//!
//! Ignored in the suite (it writes into the source tree). The browser is
//! the tests' own (`chrome.rs`), JavaScript off, English fonts of Debian's
//! Chromium; the pages are French, as a member first sees them.

use std::path::PathBuf;

use crate::browser::sign_in;
use crate::chrome::Chrome;
use crate::helpers::{Backend, demo_person, first_meeting_id, spawn_demo_app};

/// The sizes drawn: a desktop's window and a phone's screen.
const SIZES: [(&str, u32, u32); 2] = [("desktop", 1280, 900), ("phone", 390, 844)];

#[tokio::test]
#[ignore = "a command: draws docs/screenshots/*.png"]
async fn draw_the_readme_screenshots() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let chrome = Chrome::start(&app.address).await;
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&folder).expect("docs/screenshots");

    let meeting = format!(
        "/meetings/{}",
        first_meeting_id(&app, "kind=december_session").await
    );
    let calls: serde_json::Value = app
        .get("/api/v1/hosting-calls")
        .await
        .json()
        .await
        .expect("the calls");
    let call = format!(
        "/hosting-calls/{}",
        calls["items"][0]["id"].as_str().expect("the demo's call")
    );
    let member = demo_person(&app, "chef.projet@nancy.example");
    sign_in(&app, &chrome, &member).await;

    for (page, path) in [
        ("home", "/"),
        ("meeting", meeting.as_str()),
        ("call-for-hosts", call.as_str()),
        ("me", "/me"),
    ] {
        for (size, width, height) in SIZES {
            chrome
                .client
                .set_window_size(width, height)
                .await
                .expect("a window's size");
            chrome.goto(path).await;
            let file = folder.join(format!("{page}-{size}.png"));
            chrome.screenshot(&file).await;
            eprintln!("{}", file.display());
        }
    }
}
