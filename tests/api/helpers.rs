//! `spawn_app()`: a running quorum on a fresh database of either backend.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use quorum::app::settings::Layer;
use quorum::app::startup::{Application, open_database};
use quorum::db::{Db, DbConn};
use quorum::domain::secrets::Redacted;
use quorum::infra::mail::{Mailer, SentMessage};
use quorum::infra::settings::Settings;

#[path = "../support/scratch.rs"]
mod scratch;
pub use scratch::{Backend, Scratch, TEST_SECRET_KEY, postgres_admin_url};

/// Writes each test twice: `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($(async fn $name:ident($backend:ident: Backend) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($backend: $crate::helpers::Backend) $body

            #[tokio::test]
            async fn sqlite() {
                run($crate::helpers::Backend::Sqlite).await
            }

            #[tokio::test]
            async fn postgres() {
                if $crate::helpers::postgres_admin_url().is_some() {
                    run($crate::helpers::Backend::Postgres).await
                }
            }
        }
    )*};
}

/// A running application for one test.
pub struct TestApp {
    pub address: String,
    pub db: Db,
    pub client: reqwest::Client,
    /// Where the application's mail worker sends: memory.
    pub mailer: Mailer,
    /// The settings the application runs with.
    pub settings: Arc<Settings>,
    // dropped last: the database outlives the server's use of it
    _scratch: Scratch,
}

/// Settings for a test on `database_url`: port 0, the test key, and a mail
/// worker that looks for mail every 50 ms.
pub fn test_layer(database_url: String) -> Layer {
    let mut layer = Layer {
        listen: Some("127.0.0.1:0".into()),
        database_url: Some(database_url),
        database_pool_size: Some(4),
        secret_key: Some(Redacted(TEST_SECRET_KEY.into())),
        ..Layer::default()
    };
    layer.mail.poll_interval_seconds = Some(0.05);
    layer
}

/// Starts quorum on a fresh, migrated database; its mail worker sends to
/// memory (`TestApp::sent_mail`).
pub async fn spawn_app(backend: Backend) -> TestApp {
    start(backend, |_| {}, Some(Mailer::memory()))
}

/// Starts quorum with adjusted settings; mail goes where they say (a real
/// SMTP server, say).
pub async fn spawn_app_with(backend: Backend, configure: impl FnOnce(&mut Layer)) -> TestApp {
    start(backend, configure, None)
}

fn start(backend: Backend, configure: impl FnOnce(&mut Layer), mailer: Option<Mailer>) -> TestApp {
    let (scratch, database_url) = Scratch::create(backend);
    let mut layer = test_layer(database_url);
    configure(&mut layer);
    let settings = layer.resolve().expect("test settings");
    let mut app = Application::build(settings).expect("the application starts");
    if let Some(mailer) = mailer {
        app = app.with_mailer(mailer);
    }
    let mailer = app.mailer().cloned().expect("a mail worker");
    let port = app.port();
    let db = app.state().db.clone();
    let settings = app.state().settings.clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        db,
        mailer,
        settings,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client"),
        _scratch: scratch,
    }
}

/// Starts quorum with the demo club loaded for today.
pub async fn spawn_demo_app(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    quorum::app::demo::load(&app.db, quorum::app::demo::today()).expect("the demo club loads");
    app
}

impl TestApp {
    /// Another instance of quorum on the same database, as behind a load
    /// balancer: the same settings, its own port, pool and memory, no mail
    /// worker. Returns its address; it serves until the test ends.
    pub fn another_instance(&self) -> String {
        let mut settings = (*self.settings).clone();
        settings.listen = "127.0.0.1:0".into();
        settings.mail.worker = false;
        let app = Application::build(settings).expect("the second instance starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        address
    }

    /// GET a path of the application.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the request is answered")
    }

    /// GET a page that must answer 200, parsed.
    pub async fn page(&self, path: &str) -> scraper::Html {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        scraper::Html::parse_document(&response.text().await.expect("a body"))
    }

    /// Blocking database work from a test.
    pub fn with_conn<T>(&self, work: impl FnOnce(&mut DbConn) -> T) -> T {
        let mut conn = self.db.get().expect("a database connection");
        work(&mut conn)
    }

    /// The mail the worker sent so far.
    pub fn sent_mail(&self) -> Vec<SentMessage> {
        self.mailer.sent()
    }

    /// Waits (at most 10 s) until the worker sent `count` messages.
    pub async fn wait_for_mail(&self, count: usize) -> Vec<SentMessage> {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let sent = self.sent_mail();
            if sent.len() >= count {
                return sent;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{} of {count} messages sent after 10 s",
                sent.len()
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

/// A fresh, migrated database without a server, for tests that drive the
/// mail worker themselves.
pub struct TestDatabase {
    pub db: Db,
    pub url: String,
    pub settings: Settings,
    _scratch: Scratch,
}

/// A fresh database on `backend`; `configure` adjusts the settings first.
pub fn test_database(backend: Backend, configure: impl FnOnce(&mut Layer)) -> TestDatabase {
    let (scratch, url) = Scratch::create(backend);
    let mut layer = test_layer(url.clone());
    configure(&mut layer);
    let settings = layer.resolve().expect("test settings");
    let db = open_database(&settings).expect("the test database opens");
    TestDatabase {
        db,
        url,
        settings,
        _scratch: scratch,
    }
}

impl TestDatabase {
    /// Blocking database work from a test.
    pub fn with_conn<T>(&self, work: impl FnOnce(&mut DbConn) -> T) -> T {
        let mut conn = self.db.get().expect("a database connection");
        work(&mut conn)
    }
}

/// The first element's attribute.
pub fn attr(html: &scraper::Html, selector: &str, name: &str) -> Option<String> {
    let selector = scraper::Selector::parse(selector).expect("a valid selector");
    html.select(&selector)
        .next()
        .and_then(|e| e.attr(name))
        .map(str::to_owned)
}

/// A person of the demo club, by address.
pub fn demo_person(app: &TestApp, email: &str) -> TestPerson {
    app.with_conn(|conn| {
        let person = quorum::db::people::find_by_email(conn, email)
            .expect("query")
            .expect("a demo person");
        TestPerson {
            id: person.id,
            email: person.email,
        }
    })
}

/// The texts of every element matching `selector`, whitespace collapsed.
pub fn texts(html: &scraper::Html, selector: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).expect("a valid selector");
    html.select(&selector)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn test_database_url_keeps_the_server_and_options() {
    assert_eq!(
        scratch::with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
        "postgres://postgres@127.0.0.1:5432/t1"
    );
    assert_eq!(
        scratch::with_database("postgres://u:p@db/postgres?sslmode=require", "t2"),
        "postgres://u:p@db/t2?sslmode=require"
    );
    assert_eq!(
        scratch::with_database("postgres://db", "t3"),
        "postgres://db/t3"
    );
}

/// A person of a test, with what signing in needs.
#[derive(Debug, Clone)]
pub struct TestPerson {
    pub id: String,
    pub email: String,
}

/// A browser: keeps cookies, does not follow redirects.
pub struct Browser {
    pub client: reqwest::Client,
    pub address: String,
    /// Its cookies, which a test may copy as a thief would.
    jar: Arc<reqwest::cookie::Jar>,
}

impl TestApp {
    /// Creates a person through the same path as the admin page.
    pub fn add_person(
        &self,
        email: &str,
        organization: Option<&str>,
        admin: bool,
        manager: bool,
    ) -> TestPerson {
        let new = quorum::domain::people::NewPerson::parse(
            email,
            "Test Person",
            organization,
            admin,
            manager,
        )
        .expect("valid person");
        let person =
            self.with_conn(|conn| quorum::db::people::create(conn, &new).expect("created"));
        TestPerson {
            id: person.id,
            email: person.email,
        }
    }

    /// Makes a person coordinator of a group.
    pub fn make_coordinator(&self, person: &TestPerson, group_slug: &str) {
        self.with_conn(|conn| {
            let group = quorum::db::working_groups::find_by_slug(conn, group_slug)
                .expect("query")
                .expect("group exists");
            quorum::db::people::add_coordinator(conn, &person.id, &group.id).expect("coordinator");
        });
    }

    /// A browser without a session.
    pub fn browser(&self) -> Browser {
        Browser::with_jar(&self.address, Arc::default())
    }

    /// A browser signed in as `person`, through the real link page (the
    /// link is written to the database here instead of being mailed).
    pub async fn signed_in(&self, person: &TestPerson) -> Browser {
        let token = quorum::domain::secrets::new_token();
        let expires = quorum::db::now() + chrono::Duration::minutes(15);
        self.with_conn(|conn| {
            quorum::db::people::insert_signin_token(
                conn,
                &quorum::domain::secrets::hash_token(&token),
                &person.id,
                "/me",
                expires,
            )
            .expect("token stored")
        });
        let browser = self.browser();
        let response = browser.post_form(&format!("/signin/{token}"), &[]).await;
        assert_eq!(response.status(), 303, "signing in");
        browser
    }

    /// A personal access token for `person`.
    pub fn api_token(&self, person: &TestPerson) -> String {
        quorum::app::admin_commands::issue_token(&self.db, &person.email, "test").expect("token")
    }
}

impl Browser {
    fn with_jar(address: &str, jar: Arc<reqwest::cookie::Jar>) -> Self {
        Self {
            client: reqwest::Client::builder()
                .cookie_provider(jar.clone())
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("an HTTP client"),
            address: address.to_owned(),
            jar,
        }
    }

    /// Another browser holding a copy of this one's cookies (as a copied
    /// session cookie would be used elsewhere).
    pub fn copy(&self) -> Self {
        use reqwest::cookie::CookieStore;
        let url: reqwest::Url = self.address.parse().expect("the app's address");
        let jar = Arc::new(reqwest::cookie::Jar::default());
        if let Some(cookies) = self.jar.cookies(&url) {
            for pair in cookies.to_str().expect("ascii cookies").split("; ") {
                jar.add_cookie_str(pair, &url);
            }
        }
        Self::with_jar(&self.address, jar)
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("answered")
    }

    /// The CSRF token the site gives this browser (from a page's form).
    pub async fn csrf_token(&self) -> String {
        let html =
            scraper::Html::parse_document(&self.get("/signin").await.text().await.expect("body"));
        let selector = scraper::Selector::parse("input[name=csrf_token]").expect("selector");
        html.select(&selector)
            .next()
            .and_then(|e| e.attr("value"))
            .expect("a csrf token")
            .to_owned()
    }

    /// POST a form with this browser's CSRF token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        self.post_raw(path, &form).await
    }

    /// POST a form as given (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .form(fields)
            .send()
            .await
            .expect("answered")
    }
}

/// A client that opens a connection per request. A pooled connection left
/// idle (hundreds of requests at once, or a test busy for seconds with an
/// external program) can be reused just as the server closes it after its
/// 5-second keep-alive: a race of the client, not of the server.
pub fn unpooled_client() -> reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT
        .get_or_init(|| {
            reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .build()
                .expect("an HTTP client")
        })
        .clone()
}

/// An API call on a fresh connection, with `token` and a JSON `body` when
/// given: the status and the JSON answer (null when there is none).
pub async fn api(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<&serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut request = unpooled_client().request(method, format!("{}{path}", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

/// [`api`] with a token, the body by value.
pub async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    api(app, method, path, Some(token), body.as_ref()).await
}

/// A folder of the test target holding Python `packages` (pinned), for
/// `PYTHONPATH`: installed there by pip the first time (from PyPI), so
/// `cargo test` needs nothing installed beforehand. `import` is the Python
/// statement that succeeds once they are there.
pub fn python_packages(folder: &str, import: &str, packages: &[&str]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(folder);
    let importable = std::process::Command::new("python3")
        .args(["-c", import])
        .env("PYTHONPATH", &dir)
        .status()
        .is_ok_and(|s| s.success());
    if !importable {
        let output = std::process::Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--target",
            ])
            .arg(&dir)
            .args(packages)
            .output()
            .expect("python3 runs");
        assert!(
            output.status.success(),
            "cannot install {packages:?} for the tests: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    dir
}

/// A file of an npm package (`name@version`) installed for the tests in
/// the test target folder's `folder`: installed there by npm the first time
/// (from the npm registry). `file` is the path inside the package.
pub fn npm_package(folder: &str, package: &str, file: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(folder);
    let name = package.rsplit_once('@').map_or(package, |(name, _)| name);
    let path = dir.join("node_modules").join(name).join(file);
    if !path.is_file() {
        let output = std::process::Command::new("npm")
            .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .arg(package)
            .output()
            .expect("npm runs");
        assert!(
            output.status.success(),
            "cannot install {package} for the tests: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    path
}

/// The id of the first upcoming meeting the API lists with `query` (such
/// as `kind=december_session` or `working_group=etat-civil`).
pub async fn first_meeting_id(app: &TestApp, query: &str) -> String {
    let page: serde_json::Value = app
        .get(&format!("/api/v1/meetings?{query}"))
        .await
        .json()
        .await
        .expect("json");
    page["items"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no meeting for {query}: {page}"))
        .to_owned()
}

/// The message sent to `email` whose subject holds `subject`, as a client
/// reads it: its text part, its HTML part, the whole message.
pub async fn mail_to(app: &TestApp, email: &str, subject: &str) -> (String, String, String) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        for sent in app.sent_mail() {
            let message = crate::smtp::parse(&sent.raw);
            if sent.to == email && message.subject().is_some_and(|s| s.contains(subject)) {
                return (
                    message.body_text(0).expect("a text part").into_owned(),
                    message.body_html(0).expect("an HTML part").into_owned(),
                    String::from_utf8_lossy(&sent.raw).into_owned(),
                );
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no message « {subject} » to {email}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// What the application logs, from the first call on: every test's lines,
/// as the process would write them.
pub fn logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: std::sync::OnceLock<Arc<Mutex<Vec<u8>>>> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = buffer.clone();
        let installed = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || LogWriter(writer.clone()))
            .try_init();
        assert!(installed.is_ok(), "no other log subscriber in the tests");
        buffer
    })
    .clone()
}

/// Appends what the subscriber writes to the shared buffer.
struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("logs").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
