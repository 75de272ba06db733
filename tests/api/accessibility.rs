//! axe (see `axe.rs`) on every kind of page of the demo club: found by
//! following the pages' own links, as a stranger and as the club's
//! coordinator, in French and in English, on a desktop and on a phone, and
//! on the forms in their error state. Any violation fails, whatever its
//! impact. On SQLite only, as the other browser tests (see `browser.rs`).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::axe::violations;
use crate::browser::sign_in;
use crate::chrome::{Chrome, Script};
use crate::helpers::{Backend, TestApp, demo_person, first_meeting_id, spawn_demo_app};

/// Pages of one kind visited at most: a kind is a path whose ids are `*`.
const PER_KIND: usize = 1;

/// Paths that are not pages: files, feeds, redirections elsewhere, actions.
const NOT_PAGES: [&str; 12] = [
    ".ics",
    ".csv",
    "/lang/",
    "/join",
    "/files/",
    "/api/v1",
    "/feeds/",
    "/signin/",
    "/answer/",
    "/static/",
    "/favicon",
    "/openapi.json",
];

/// Path segments that name a page rather than a thing.
const WORDS: [&str; 12] = [
    "new",
    "edit",
    "participants",
    "minutes",
    "message",
    "attendance",
    "bodies",
    "date-polls",
    "withdraw",
    "tokens",
    "people",
    "outbox",
];

/// The kind of page a path is: `/meetings/0190…/minutes` → `/meetings/*/minutes`.
fn kind(path: &str) -> String {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let mut kind = String::new();
    if let Some(first) = segments.next() {
        kind.push('/');
        kind.push_str(first);
    }
    for segment in segments {
        kind.push('/');
        kind.push_str(if WORDS.contains(&segment) {
            segment
        } else {
            "*"
        });
    }
    if kind.is_empty() {
        kind.push('/');
    }
    let keys: BTreeSet<&str> = query
        .split('&')
        .filter_map(|pair| pair.split('=').next())
        .filter(|key| !key.is_empty())
        .collect();
    if !keys.is_empty() {
        kind.push('?');
        kind.push_str(&keys.into_iter().collect::<Vec<_>>().join("&"));
    }
    kind
}

/// The application's paths the page links to.
async fn links(chrome: &Chrome, base: &str) -> Vec<String> {
    let hrefs = chrome
        .client
        .execute(
            "return Array.from(document.querySelectorAll('a[href]'), a => a.href)",
            vec![],
        )
        .await
        .expect("the page's links");
    let hrefs: Vec<String> = serde_json::from_value(hrefs).expect("a list of links");
    hrefs
        .into_iter()
        .filter_map(|href| href.strip_prefix(base).map(str::to_owned))
        .map(|path| path.split('#').next().unwrap_or_default().to_owned())
        .filter(|path| path.starts_with('/'))
        .filter(|path| !NOT_PAGES.iter().any(|not| path.contains(not)))
        .collect()
}

/// Visits the pages reachable from `start`, at most `PER_KIND` of each
/// kind, and returns their paths in the order met.
async fn crawl(chrome: &Chrome, base: &str, start: &[String]) -> Vec<String> {
    let mut queue: VecDeque<String> = start.iter().cloned().collect();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut pages = Vec::new();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let count = per_kind.entry(kind(&path)).or_default();
        if *count >= PER_KIND {
            continue;
        }
        *count += 1;
        chrome.goto(&path).await;
        let html = chrome
            .client
            .execute("return document.contentType", vec![])
            .await
            .expect("the page's type");
        if html != "text/html" {
            continue;
        }
        pages.push(path);
        queue.extend(links(chrome, base).await);
    }
    pages
}

/// axe on each page, in the browser's current language and size.
async fn check(chrome: &Chrome, pages: &[String], found: &mut Vec<String>) {
    for path in pages {
        chrome.goto(path).await;
        let started = std::time::Instant::now();
        for violation in violations(chrome).await {
            found.push(format!("{path}: {violation}"));
        }
        let took = started.elapsed();
        if took > std::time::Duration::from_secs(5) {
            eprintln!("axe: {path} took {took:?}");
        }
    }
}

/// Each page is checked in French and English, on a desktop and a phone.
const SETTINGS: [(&str, u32, u32); 4] = [
    ("fr", 1280, 1000),
    ("fr", 390, 844),
    ("en", 1280, 1000),
    ("en", 390, 844),
];

/// The browser in a language, at a size.
async fn set(chrome: &Chrome, (lang, width, height): (&str, u32, u32)) {
    chrome.goto(&format!("/lang/{lang}?back=/")).await;
    chrome
        .client
        .set_window_size(width, height)
        .await
        .expect("a window's size");
}

/// Each page in every setting.
async fn check_everywhere(chrome: &Chrome, pages: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for setting in SETTINGS {
        set(chrome, setting).await;
        let before = found.len();
        check(chrome, pages, &mut found).await;
        eprintln!(
            "axe: {} pages in {setting:?}, {} violations",
            pages.len(),
            found.len() - before
        );
    }
    found
}

/// The pages of the demo club's meetings a link may not reach: every one.
async fn meetings(app: &TestApp) -> Vec<String> {
    let mut paths = vec!["/".to_owned(), "/meetings?past=true".to_owned()];
    for query in [
        "kind=december_session",
        "include_past=true&kind=spring_plenary",
        "working_group=etat-civil",
    ] {
        paths.push(format!("/meetings/{}", first_meeting_id(app, query).await));
    }
    paths
}

#[tokio::test]
async fn axe_finds_nothing_on_a_strangers_pages_in_a_browser() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let chrome = Chrome::start_with(&app.address, Script::On).await;
    let mut start = meetings(&app).await;
    start.extend(["/signin".to_owned(), "/api/docs".to_owned()]);
    let pages = crawl(&chrome, &app.address, &start).await;
    assert!(pages.len() >= 15, "{pages:?}");
    let found = check_everywhere(&chrome, &pages).await;
    assert!(found.is_empty(), "axe on {pages:?}:\n{}", found.join("\n"));
}

#[tokio::test]
async fn axe_finds_nothing_on_the_coordinators_pages_in_a_browser() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let chrome = Chrome::start_with(&app.address, Script::On).await;
    let coordinator = demo_person(&app, "brice.mallet@entrouvert.example");
    sign_in(&app, &chrome, &coordinator).await;
    let mut start = meetings(&app).await;
    start.extend(["/me".to_owned(), "/reports/2017".to_owned()]);
    let pages = crawl(&chrome, &app.address, &start).await;
    assert!(pages.len() >= 30, "{pages:?}");
    let found = check_everywhere(&chrome, &pages).await;
    assert!(found.is_empty(), "axe on {pages:?}:\n{}", found.join("\n"));
}

/// Forms sent empty by the club's coordinator, by the kind of page holding
/// them and the form's selector: each comes back with its errors.
const EMPTY_FORMS: [(&str, &str); 6] = [
    ("/meetings/new", "main form[method=post]"),
    ("/hosting-calls/new", "main form[method=post]"),
    ("/meetings/*/message", "main form[method=post]"),
    ("/developments/new", "main form[method=post]"),
    ("/groups/*/date-polls/new", "main form[method=post]"),
    ("/meetings/*", "form.rsvp-form"),
];

/// Sends the form empty and checks axe on the page that comes back, which
/// must show errors.
async fn check_empty_form(chrome: &Chrome, path: &str, form: &str, found: &mut Vec<String>) {
    chrome.goto(path).await;
    // the form's own button, not one that adds rows to it
    chrome
        .click(&format!("{form} button[type=submit]:not([name])"))
        .await;
    let errors = chrome.find_all("[aria-invalid=true], .error").await;
    assert!(
        !errors.is_empty(),
        "{path} sent empty shows no error: {}",
        chrome.text("main").await
    );
    for violation in violations(chrome).await {
        found.push(format!("{path} sent empty: {violation}"));
    }
}

/// Each form sent empty in every setting.
async fn check_empty_forms(chrome: &Chrome, forms: &[(String, &str)], found: &mut Vec<String>) {
    for setting in SETTINGS {
        set(chrome, setting).await;
        for (path, form) in forms {
            check_empty_form(chrome, path, form, found).await;
        }
    }
}

#[tokio::test]
async fn axe_finds_nothing_on_forms_in_their_error_state_in_a_browser() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let chrome = Chrome::start_with(&app.address, Script::On).await;
    let mut found = Vec::new();
    // a stranger asking for a link without an address
    let signin = [("/signin".to_owned(), "main form[method=post]")];
    check_empty_forms(&chrome, &signin, &mut found).await;

    let coordinator = demo_person(&app, "brice.mallet@entrouvert.example");
    sign_in(&app, &chrome, &coordinator).await;
    let december = format!(
        "/meetings/{}",
        first_meeting_id(&app, "kind=december_session").await
    );
    let pages = crawl(&chrome, &app.address, &meetings(&app).await).await;
    let find = |wanted: &str| {
        pages
            .iter()
            .find(|path| kind(path) == wanted)
            .cloned()
            .unwrap_or_else(|| panic!("no page {wanted} in {pages:?}"))
    };
    let mut forms = Vec::new();
    for (form_kind, form) in EMPTY_FORMS {
        let path = if form_kind == "/meetings/*" {
            december.clone()
        } else {
            find(form_kind)
        };
        forms.push((path, form));
    }
    check_empty_forms(&chrome, &forms, &mut found).await;

    // a body's manager proposing to host, and registering a colleague
    let manager = demo_person(&app, "chef.projet@nancy.example");
    sign_in(&app, &chrome, &manager).await;
    let propose = [
        (
            format!("{}/propose", find("/hosting-calls/*")),
            "main form[method=post]",
        ),
        (december, "form[action$='/registrations']"),
    ];
    check_empty_forms(&chrome, &propose, &mut found).await;
    assert!(found.is_empty(), "axe:\n{}", found.join("\n"));
}

#[test]
fn a_kind_of_page_names_its_ids_with_a_star() {
    assert_eq!(kind("/"), "/");
    assert_eq!(kind("/meetings/0190ab/minutes"), "/meetings/*/minutes");
    assert_eq!(kind("/orgs/nancy"), "/orgs/*");
    assert_eq!(kind("/calendar?month=2017-12"), "/calendar?month");
    assert_eq!(kind("/meetings/new"), "/meetings/new");
}
