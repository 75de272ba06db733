//! A real browser for the page tests: Debian's Chromium, headless and with
//! JavaScript off (on only for the accessibility checker, which is itself a
//! script: the pages have none), driven over WebDriver by `fantoccini`. chromedriver runs
//! in a child process (its own process group, with the Chromium it starts),
//! killed when the `Chrome` is dropped. Both packages are installed with
//! apt-get the first time a test needs them, so `cargo test` needs nothing
//! installed beforehand.

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// Debian's Chromium and its WebDriver.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Installs `chromium` and `chromium-driver` with apt-get when either is
/// missing, once per test process; every caller gets the same outcome.
fn ensure_installed() {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    let outcome = INSTALLED.get_or_init(|| {
        if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
            return Ok(());
        }
        eprintln!("browser tests: installing Debian's chromium and chromium-driver with apt-get");
        // a lock timeout: another process may be running apt at this moment
        let steps: [&[&str]; 2] = [
            &["-o", "DPkg::Lock::Timeout=300", "update"],
            &[
                "-o",
                "DPkg::Lock::Timeout=300",
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ],
        ];
        for args in steps {
            let output = Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive")
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("apt-get {} did not run: {e}", args.join(" ")))?;
            if !output.status.success() {
                return Err(format!(
                    "apt-get {} failed ({}):\n{}{}",
                    args.join(" "),
                    output.status,
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
        }
        for path in [CHROMIUM, CHROMEDRIVER] {
            if !Path::new(path).exists() {
                return Err(format!("{path} is still missing after apt-get install"));
            }
        }
        Ok(())
    });
    if let Err(problem) = outcome {
        panic!(
            "the browser tests need Debian's chromium and chromium-driver; installing them \
             failed (run `apt-get update && apt-get install -y --no-install-recommends \
             chromium chromium-driver` as root): {problem}"
        );
    }
}

/// A free port on 127.0.0.1 (free when asked; chromedriver binds it next).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// Whether the pages' own scripts may run (the application sends none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Off,
    On,
}

/// A headless Chromium, its own profile, its chromedriver.
pub struct Chrome {
    pub client: Client,
    /// The application's address, which `goto` paths are relative to.
    base: String,
    driver: Child,
    profile: PathBuf,
}

impl std::fmt::Debug for Chrome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chrome").field("base", &self.base).finish()
    }
}

impl Chrome {
    /// Starts chromedriver and a browser session without JavaScript for the
    /// application at `base` (such as `http://127.0.0.1:PORT`).
    pub async fn start(base: &str) -> Self {
        Self::start_with(base, Script::Off).await
    }

    /// The same, with JavaScript on or off.
    pub async fn start_with(base: &str, script: Script) -> Self {
        ensure_installed();
        let profile =
            std::env::temp_dir().join(format!("quorum-chromium-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&profile).expect("the browser's folder");
        let log = profile.join("chromedriver.log");
        let mut last_problem = String::new();
        // the free port may be taken between asking and binding: try again
        for _ in 0..3 {
            let port = free_port();
            let mut driver = Command::new(CHROMEDRIVER)
                // Chromium on Linux takes its locale (date fields' format)
                // from the environment: the same everywhere
                .env("LANGUAGE", "en_US")
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", log.display()))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                // its own group: Chromium joins it, and drop kills them all
                .process_group(0)
                .spawn()
                .expect("chromedriver runs");
            let url = format!("http://127.0.0.1:{port}");
            match Self::session(&mut driver, &url, &profile, script).await {
                Ok(client) => {
                    let chrome = Self {
                        client,
                        base: base.to_owned(),
                        driver,
                        profile,
                    };
                    chrome.check_javascript(script).await;
                    return chrome;
                }
                Err(problem) => {
                    last_problem = problem;
                    kill_group(&mut driver);
                }
            }
        }
        let log = std::fs::read_to_string(&log).unwrap_or_default();
        let _ = std::fs::remove_dir_all(&profile);
        panic!("no browser session: {last_problem}\nchromedriver's log:\n{log}");
    }

    /// Waits for chromedriver, then opens a session.
    async fn session(
        driver: &mut Child,
        url: &str,
        profile: &Path,
        script: Script,
    ) -> Result<Client, String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        let address = url.trim_start_matches("http://").to_owned();
        while std::net::TcpStream::connect(&address).is_err() {
            if let Ok(Some(status)) = driver.try_wait() {
                return Err(format!("chromedriver exited: {status}"));
            }
            if Instant::now() > deadline {
                return Err("chromedriver did not listen within 30 s".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), "chrome".into());
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-dev-shm-usage",
                    "--window-size=1280,1000",
                    "--lang=en-US",
                    format!("--user-data-dir={}", profile.join("profile").display()),
                ],
                // JavaScript off (2): the pages must work without it
                "prefs": {"profile.managed_default_content_settings.javascript":
                    if script == Script::Off { 2 } else { 1 }},
            }),
        );
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(url)
            .await
            .map_err(|e| format!("chromedriver refused a session: {e}"))
    }

    /// A page whose script would change its text keeps it, or not.
    async fn check_javascript(&self, script: Script) {
        self.client
            .goto("data:text/html,<p id=said>no script</p><script>document.getElementById('said').textContent='script ran'</script>")
            .await
            .expect("a data: page opens");
        let expected = match script {
            Script::Off => "no script",
            Script::On => "script ran",
        };
        assert_eq!(
            self.text("#said").await,
            expected,
            "JavaScript must be {script:?} in the test browser"
        );
    }

    /// Opens a path of the application.
    pub async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// The current path (and query) within the application.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("the current URL");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The one element matching `css`.
    pub async fn find(&self, css: &str) -> Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element,
            Err(e) => panic!("no element {css} on {}: {e}", self.path_for_message().await),
        }
    }

    /// Every element matching `css`.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("cannot look for {css}: {e}"))
    }

    /// The rendered text of the element matching `css`, whitespace collapsed.
    pub async fn text(&self, css: &str) -> String {
        collapse(
            &self
                .find(css)
                .await
                .text()
                .await
                .expect("an element's text"),
        )
    }

    /// The rendered texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self.find_all(css).await {
            texts.push(collapse(&element.text().await.expect("an element's text")));
        }
        texts
    }

    /// An attribute of the element matching `css`.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.find(css)
            .await
            .attr(name)
            .await
            .expect("an element's attribute")
    }

    /// The current value of the field matching `css` (what the person typed,
    /// not the `value` attribute the page came with).
    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .expect("a field's value")
            .unwrap_or_default()
    }

    /// Clicks the element matching `css`, a link or a button that leads to
    /// another page, as a mouse would, and waits for that page.
    pub async fn click(&self, css: &str) {
        let target = self.find(css).await;
        self.click_and_wait(target, css).await;
    }

    /// Clicks the link whose whole text is `text` and waits for its page.
    pub async fn click_link(&self, text: &str) {
        let link = match self.client.find(Locator::LinkText(text)).await {
            Ok(link) => link,
            Err(e) => panic!("no link {text:?} on {}: {e}", self.path_for_message().await),
        };
        self.click_and_wait(link, text).await;
    }

    /// A click returns once the browser took it, which can be before a
    /// form's post even left: wait until the document it was on is gone.
    async fn click_and_wait(&self, target: Element, what: &str) {
        let page = self.find("html").await;
        target
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {what}: {e}"));
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match page.tag_name().await {
                // "stale element reference", or Chromium's "node does not
                // belong to the document": either way the page was replaced
                // (a browser that broke fails the next command loudly)
                Err(_) => return,
                Ok(_) if Instant::now() > deadline => panic!(
                    "clicking {what} led nowhere within 30 s: {}",
                    self.path_for_message().await
                ),
                Ok(_) => tokio::time::sleep(Duration::from_millis(25)).await,
            }
        }
    }

    /// Types `text` into the field matching `css`, as a keyboard would.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.find(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
    }

    /// Presses and releases one key, wherever the focus is.
    pub async fn press(&self, key: Key) {
        let key = char::from(key);
        let keyboard = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client
            .perform_actions(keyboard)
            .await
            .expect("a key press");
    }

    /// The focused element.
    pub async fn focused(&self) -> Element {
        self.client
            .active_element()
            .await
            .expect("the focused element")
    }

    /// Grants the pages a permission the browser would ask a person for
    /// (`clipboard-read`), through WebDriver's permissions extension.
    pub async fn grant(&self, permission: &'static str) {
        self.client
            .issue_cmd(Grant(permission))
            .await
            .unwrap_or_else(|e| panic!("cannot grant {permission}: {e}"));
    }

    /// A PNG of the viewport, written to `path`.
    pub async fn screenshot(&self, path: &Path) {
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::File::create(path)
            .and_then(|mut file| file.write_all(&png))
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// Where the browser is and what it shows, for a failure's message.
    async fn path_for_message(&self) -> String {
        let url = match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(_) => "?".into(),
        };
        let shown = match self.client.find(Locator::Css("body")).await {
            Ok(body) => collapse(&body.text().await.unwrap_or_default()),
            Err(_) => String::new(),
        };
        format!("{url}, which shows: {shown}")
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        kill_group(&mut self.driver);
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Kills chromedriver and everything in its process group (the Chromium
/// it started), then reaps chromedriver.
fn kill_group(driver: &mut Child) {
    let group = format!("-{}", driver.id());
    let _ = Command::new("kill")
        .args(["-KILL", "--", &group])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = driver.kill();
    let _ = driver.wait();
}

/// Runs of whitespace as one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `POST /session/{id}/permissions`: a permission set to "granted".
#[derive(Debug)]
struct Grant(&'static str);

impl WebDriverCompatibleCommand for Grant {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/permissions",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (reqwest::Method, Option<String>) {
        let body = serde_json::json!({"descriptor": {"name": self.0}, "state": "granted"});
        (reqwest::Method::POST, Some(body.to_string()))
    }
}
