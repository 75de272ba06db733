//! Core journeys in a real browser (headless Chromium, JavaScript off, see
//! `chrome.rs`): what a person sees and can do, read from the rendered DOM.
//!
//! These run on SQLite only, as plain tests named `…_in_a_browser`: they
//! test the pages, which do not depend on the backend (the HTTP tests of
//! each area run on both), and a browser per test is costly on two cores.
//! Their names end neither in `::sqlite` nor in `::postgres`, so `.ci/run`'s
//! count of tests per backend is unchanged.

use std::path::PathBuf;

use fantoccini::key::Key;

use crate::chrome::{Chrome, Script, collapse};
use crate::helpers::{Backend, TestApp, TestPerson, demo_person, spawn_demo_app};
use crate::signin_mail::link_in;

const FRENCH_DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const ENGLISH_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// "jeudi 17 décembre 2026, 14 h 00 – 17 h 00"
fn is_french_time(text: &str) -> bool {
    FRENCH_DAYS.iter().any(|day| text.starts_with(day)) && text.contains(" h ")
}

/// "Thursday 17 December 2026, 14:00 – 17:00"
fn is_english_time(text: &str) -> bool {
    ENGLISH_DAYS.iter().any(|day| text.starts_with(day))
        && text.contains(':')
        && !text.contains(" h ")
}

/// The browser signs in as `person` through the real link page: the link is
/// written to the database (as `TestApp::signed_in` does), the button pressed.
pub async fn sign_in(app: &TestApp, chrome: &Chrome, person: &TestPerson) {
    let token = quorum::domain::secrets::new_token();
    let expires = quorum::db::now() + chrono::Duration::minutes(15);
    app.with_conn(|conn| {
        quorum::db::people::insert_signin_token(
            conn,
            &quorum::domain::secrets::hash_token(&token),
            &person.id,
            "/me",
            expires,
        )
        .expect("token stored")
    });
    chrome.goto(&format!("/signin/{token}")).await;
    chrome.click("main form button[type=submit]").await;
    assert_eq!(
        chrome.path().await,
        "/me",
        "signed in: {}",
        chrome.text("main").await
    );
}

#[tokio::test]
async fn a_newcomer_browses_the_demo_club_in_a_browser() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let chrome = Chrome::start(&app.address).await;

    // the home page: upcoming meetings, French times
    chrome.goto("/").await;
    assert_eq!(chrome.attr("html", "lang").await.as_deref(), Some("fr"));
    assert_eq!(chrome.text("h1").await, "Prochaines réunions");
    let titles = chrome.texts("main > ul.meetings > li .meeting-title").await;
    assert!(titles.len() >= 5, "{titles:?}");
    assert!(titles[0].contains("réunion de décembre"), "{titles:?}");
    let times = chrome.texts("main > ul.meetings > li time").await;
    assert!(times.iter().all(|t| is_french_time(t)), "{times:?}");
    let screenshot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-home.png");
    chrome.screenshot(&screenshot).await;
    eprintln!("home page screenshot: {}", screenshot.display());

    // a working group's session, then its group
    let session = titles
        .iter()
        .find(|t| t.contains("État-civil"))
        .unwrap_or_else(|| panic!("a session of the État-civil group: {titles:?}"))
        .clone();
    chrome.click_link(&session).await;
    assert!(chrome.path().await.starts_with("/meetings/"));
    assert_eq!(chrome.text("h1").await, session);
    assert!(is_french_time(&chrome.text("dl.facts dd time").await));
    chrome.click("dl.facts dd a[href^='/groups/']").await;
    assert_eq!(chrome.path().await, "/groups/etat-civil");
    assert_eq!(chrome.text("h1").await, "État-civil");
    let sessions = chrome.texts("#upcoming ~ ul.meetings .meeting-title").await;
    assert!(sessions.contains(&session), "{sessions:?}");
    assert_eq!(
        chrome.text("main a[href^='/signin']").await,
        "Connectez-vous pour suivre ce groupe"
    );

    // a member body, from the navigation
    chrome.click_link("Collectivités").await;
    assert_eq!(chrome.path().await, "/orgs");
    chrome.click_link("Ville de Nancy").await;
    assert_eq!(chrome.path().await, "/orgs/nancy");
    assert_eq!(chrome.text("h1").await, "Ville de Nancy");
    assert_eq!(chrome.text("#profile").await, "Fiche projet");
    let profile = chrome.texts("dl.profile dd").await;
    assert!(
        profile.iter().any(|p| p.contains("co-construction")),
        "{profile:?}"
    );

    // the month view, forward to the first month with a meeting
    chrome.click("header .brand a").await;
    chrome.click_link("Vue du mois").await;
    assert!(chrome.path().await.starts_with("/calendar"));
    let weekdays = chrome.texts("table.month thead th").await;
    assert_eq!(weekdays.len(), 7, "{weekdays:?}");
    assert!(weekdays[0].starts_with("lun"), "{weekdays:?}");
    let mut events = chrome.texts("table.month a.event .title").await;
    for _ in 0..12 {
        if !events.is_empty() {
            break;
        }
        chrome.click("a[rel=next]").await;
        events = chrome.texts("table.month a.event .title").await;
    }
    assert!(
        events.iter().any(|e| titles.contains(e)),
        "{events:?} {titles:?}"
    );
    assert_eq!(
        chrome.text("h1").await,
        chrome.text("table.month caption").await
    );
    chrome.click("table.month a.event").await;
    assert!(chrome.path().await.starts_with("/meetings/"));
    assert!(events.contains(&chrome.text("h1").await));

    // English, from the header link, and on the pages after
    let before = chrome.path().await;
    chrome.click("header nav a[hreflang=en]").await;
    assert_eq!(chrome.path().await, before, "back on the same page");
    assert_eq!(chrome.attr("html", "lang").await.as_deref(), Some("en"));
    assert!(is_english_time(&chrome.text("dl.facts dd time").await));
    assert_eq!(chrome.text("dl.facts dt").await, "When");
    chrome.click_link("Meetings").await;
    assert_eq!(chrome.text("h1").await, "Upcoming meetings");
    let times = chrome.texts("main > ul.meetings > li time").await;
    assert!(times.iter().all(|t| is_english_time(t)), "{times:?}");
    chrome.click_link("Working groups").await;
    chrome.click_link("État-civil").await;
    assert_eq!(
        chrome.text("main a[href^='/signin']").await,
        "Sign in to follow this group"
    );
    assert_eq!(chrome.text("header nav a[hreflang=fr]").await, "Français");
}

#[tokio::test]
async fn signing_in_by_mail_and_following_a_group_in_a_browser() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let chrome = Chrome::start(&app.address).await;

    chrome.goto("/signin").await;
    chrome.type_into("#email", "Enfance@Arles.example").await;
    chrome.click("main form button[type=submit]").await;
    assert_eq!(
        chrome.text("main [role=status]").await,
        "Si un compte correspond à cette adresse, un lien de connexion vient d'y être envoyé. \
         Il est valable 15 minutes et ne sert qu'une fois."
    );

    let sent = app.wait_for_mail(1).await;
    assert_eq!(sent[0].to, "enfance@arles.example");
    let link = link_in(&sent[0].raw, &app.address);
    chrome.goto(&link).await;
    // opening the link does not sign in: the button does
    assert_eq!(chrome.texts("header nav a[href='/me']").await.len(), 0);
    assert_eq!(chrome.text("main form button").await, "Me connecter");
    chrome.click("main form button").await;
    chrome.click("header nav a[href='/me']").await;
    assert_eq!(chrome.path().await, "/me");
    let facts = chrome.texts("dl.facts dd").await;
    assert!(
        facts.contains(&"enfance@arles.example".to_owned()),
        "{facts:?}"
    );

    // following a working group with the button
    chrome.click_link("Groupes de travail").await;
    chrome.click_link("Élections").await;
    assert_eq!(chrome.path().await, "/groups/elections");
    let followers = chrome.texts("dl.facts dd").await;
    chrome.click("main form[action$='/follow'] button").await;
    assert_eq!(chrome.path().await, "/groups/elections");
    assert_eq!(
        chrome.text("main form[action$='/unfollow'] button").await,
        "Ne plus suivre"
    );
    assert!(
        chrome
            .text("main form[action$='/unfollow'] p")
            .await
            .starts_with("Vous suivez ce groupe."),
    );
    assert_ne!(
        chrome.texts("dl.facts dd").await,
        followers,
        "one more follower"
    );
}

/// Every `input` (but hidden ones), `select` and `textarea` of the page has
/// a `label[for=its id]` with words in it.
pub async fn every_field_is_labelled(chrome: &Chrome) {
    let path = chrome.path().await;
    let fields = chrome
        .find_all("input:not([type=hidden]), select, textarea")
        .await;
    assert!(!fields.is_empty(), "no field on {path}");
    for field in fields {
        let id = field.attr("id").await.expect("an attribute");
        let name = field.attr("name").await.expect("an attribute");
        let id = id.unwrap_or_else(|| panic!("a field without an id on {path}: {name:?}"));
        let labels = chrome.texts(&format!("label[for='{id}']")).await;
        assert_eq!(labels.len(), 1, "labels of #{id} on {path}: {labels:?}");
        assert!(!labels[0].is_empty(), "an empty label for #{id} on {path}");
    }
}

#[tokio::test]
async fn keyboard_and_labels_in_a_browser() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let chrome = Chrome::start(&app.address).await;

    // the first Tab reaches the skip link, which moves the focus to main
    chrome.goto("/signin").await;
    chrome.press(Key::Tab).await;
    let focused = chrome.focused().await;
    assert_eq!(
        focused.attr("class").await.expect("class").as_deref(),
        Some("skip")
    );
    assert_eq!(
        collapse(&focused.text().await.expect("text")),
        "Aller au contenu"
    );
    // hidden off the page until focused, then shown
    let (x, y, _, _) = focused.rectangle().await.expect("its place");
    assert!(
        x >= 0.0 && y >= 0.0,
        "the focused skip link is off the page at {x}, {y}"
    );
    chrome.press(Key::Enter).await;
    let focused = chrome.focused().await;
    assert_eq!(focused.tag_name().await.expect("tag"), "main");
    // and the next Tab goes on inside main, to the e-mail field
    chrome.press(Key::Tab).await;
    assert_eq!(
        chrome
            .focused()
            .await
            .attr("id")
            .await
            .expect("id")
            .as_deref(),
        Some("email")
    );

    every_field_is_labelled(&chrome).await;
    let admin = app.add_person("admin@club.example", None, true, false);
    sign_in(&app, &chrome, &admin).await;
    every_field_is_labelled(&chrome).await;
    chrome.goto("/meetings/new").await;
    every_field_is_labelled(&chrome).await;
}

#[tokio::test]
async fn a_form_error_keeps_what_was_typed_in_a_browser() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let chrome = Chrome::start(&app.address).await;
    let admin = app.add_person("admin@club.example", None, true, false);
    sign_in(&app, &chrome, &admin).await;

    chrome.goto("/").await;
    chrome.click_link("Nouvelle réunion").await;
    assert_eq!(chrome.path().await, "/meetings/new");
    let title = "Groupe de travail Élections : refonte des listes";
    chrome.type_into("#title", title).await;
    // 28 March 2027, 2:30: the hour the clocks skip in Paris
    chrome
        .type_into("#starts_at_local", &keys_for_march_28_2027_at_2_30())
        .await;
    assert_eq!(
        chrome.value("#starts_at_local").await,
        "2027-03-28T02:30",
        "the date field took the typed date"
    );
    chrome.click("main form button[type=submit]").await;

    assert_eq!(chrome.path().await, "/meetings/new");
    let message = chrome.text("#starts_at_local-error").await;
    assert!(
        message.contains("2 h 30 n'existe pas") && message.contains("1 h 59 ou 3 h 00"),
        "{message}"
    );
    // next to its field, which says it is invalid and points at it
    let field = chrome
        .find("p.field:has(#starts_at_local) #starts_at_local-error")
        .await;
    assert!(field.is_displayed().await.expect("displayed"));
    assert_eq!(
        chrome
            .attr("#starts_at_local", "aria-invalid")
            .await
            .as_deref(),
        Some("true")
    );
    let described_by = chrome
        .attr("#starts_at_local", "aria-describedby")
        .await
        .unwrap_or_default();
    assert!(
        described_by
            .split(' ')
            .any(|id| id == "starts_at_local-error"),
        "{described_by}"
    );
    // what was typed is still there
    assert_eq!(chrome.value("#title").await, title);
    assert_eq!(chrome.value("#starts_at_local").await, "2027-03-28T02:30");
    // and the summary at the top links to the field
    assert_eq!(
        chrome
            .attr("[role=alert] a", "href")
            .await
            .as_deref()
            .map(|h| h.ends_with("#starts_at_local")),
        Some(true)
    );
}

/// The keys that type 2027-03-28T02:30 into a datetime-local field of an
/// en-US Chromium (`chrome.rs` sets that locale): month, day, year, Tab to
/// the time, hour, minutes, AM.
fn keys_for_march_28_2027_at_2_30() -> String {
    format!("03282027{}0230AM", Key::Tab)
}

/// An organizer attaches the slides of a past meeting for its participants
/// only, from the meeting's page (a real multipart form, no JavaScript); a
/// file whose content is not what its name says comes back with the
/// message and the chosen visibility kept; a visitor sees the public
/// documents and not the participants' one.
#[tokio::test]
async fn an_organizer_attaches_a_document_in_a_browser() {
    use diesel::prelude::*;
    use quorum::db::schema::meetings;

    let app = spawn_demo_app(Backend::Sqlite).await;
    let id: String = app.with_conn(|conn| {
        meetings::table
            .filter(meetings::title.like("%4e réunion%"))
            .select(meetings::id)
            .first(conn)
            .expect("the December 2017 meeting")
    });
    let folder = std::env::temp_dir().join(format!("quorum-upload-{}", quorum::db::new_id()));
    std::fs::create_dir_all(&folder).expect("a folder");
    let slides = folder.join("diaporama club.pdf");
    std::fs::write(
        &slides,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    )
    .expect("written");
    let fake = folder.join("faux.pdf");
    std::fs::write(&fake, "Ceci n'est pas un PDF.").expect("written");

    let chrome = Chrome::start(&app.address).await;
    let admin = app.add_person("admin@club.example", None, true, false);
    sign_in(&app, &chrome, &admin).await;
    let page = format!("/meetings/{id}");
    chrome.goto(&page).await;
    let public = chrome.texts(".file-name").await;
    assert_eq!(public.len(), 2, "the demo's two documents: {public:?}");

    // a file that is not what its name says: refused, the choice kept
    chrome
        .find("#file-file")
        .await
        .send_keys(&fake.to_string_lossy())
        .await
        .expect("file chosen");
    chrome
        .find("#file-visibility option[value=participants]")
        .await
        .click()
        .await
        .expect("participants chosen");
    chrome.click("#upload button[type=submit]").await;
    let alert = collapse(&chrome.text("#upload [role=alert]").await);
    assert!(alert.contains("ne correspond pas"), "{alert}");
    assert_eq!(chrome.value("#file-visibility").await, "participants");
    assert_eq!(chrome.texts(".file-name").await, public, "nothing stored");

    // the real slides, for participants only
    chrome
        .find("#file-file")
        .await
        .send_keys(&slides.to_string_lossy())
        .await
        .expect("file chosen");
    chrome.click("#upload button[type=submit]").await;
    let names = chrome.texts(".file-name").await;
    assert!(
        names.iter().any(|n| n == "diaporama club.pdf"),
        "{names:?} on {}",
        chrome.path().await
    );
    let mut link = None;
    for a in chrome.find_all("a.file-name").await {
        if a.text().await.expect("text") == "diaporama club.pdf" {
            link = a.attr("href").await.expect("href");
        }
    }
    let link = link.expect("a link to the slides");
    assert!(link.contains(&format!("/meetings/{id}/files/")), "{link}");

    // a visitor: the public documents only, and no way to the slides
    let visitor = Chrome::start(&app.address).await;
    visitor.goto(&page).await;
    assert_eq!(visitor.texts(".file-name").await, public);
    let url = if link.starts_with('/') {
        format!("{}{link}", app.address)
    } else {
        link
    };
    let status = reqwest::get(&url).await.expect("answered").status();
    assert_eq!(status, 404, "{url}");
    std::fs::remove_dir_all(&folder).ok();
}

#[tokio::test]
async fn a_member_reads_the_club_report_in_a_browser() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let chrome = Chrome::start(&app.address).await;
    let reader = app.add_person("elu@nancy.example", Some("nancy"), false, false);
    sign_in(&app, &chrome, &reader).await;

    // from the navigation to this year's report, then back to 2017
    chrome.click_link("Rapports").await;
    let this_year = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y")
        .to_string();
    assert_eq!(chrome.path().await, format!("/reports/{this_year}"));
    chrome.goto("/reports/2017").await;
    assert_eq!(chrome.text("h1").await, "Rapport d'activité 2017");
    // the chart is drawn, and named by its caption
    let bars = chrome.find_all("svg.bars rect").await;
    assert!(!bars.is_empty(), "no bar drawn");
    let caption = chrome
        .attr("svg.bars", "aria-labelledby")
        .await
        .expect("named");
    assert!(
        chrome
            .text(&format!("#{caption}"))
            .await
            .starts_with("Présents par réunion"),
        "the chart's name"
    );
    let rows = chrome
        .texts("section[aria-labelledby=per-meeting] tbody th")
        .await;
    assert!(
        rows.iter().any(|r| r.contains("Réunion de décembre")),
        "{rows:?}"
    );
    let screenshot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-report.png");
    chrome.screenshot(&screenshot).await;
    eprintln!("report screenshot: {}", screenshot.display());
    chrome.click_link("Année suivante (2018) →").await;
    assert_eq!(chrome.path().await, "/reports/2018");
}

#[tokio::test]
async fn an_organizer_records_attendance_and_publishes_minutes_in_a_browser() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let admin = app.add_person("coordination@club.example", None, true, false);
    let token = app.api_token(&admin);
    let meeting = crate::join::session_with(&app, &token, -30, None).await;
    let came = app.add_person("etat-civil@arles.example", Some("arles"), false, false);
    let came_token = app.api_token(&came);
    let (status, _) = crate::helpers::send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/meetings/{meeting}/rsvp"),
        &came_token,
        Some(serde_json::json!({"answer": "yes", "attendance": "remote", "listed": true})),
    )
    .await;
    assert_eq!(status, 200);
    let walk_in = app.add_person("elu@arles.example", Some("arles"), false, false);
    let chrome = Chrome::start(&app.address).await;
    sign_in(&app, &chrome, &admin).await;

    // The sheet: the one who answered is marked remote; an unknown address
    // for a walk-in comes back with its message, the choices kept.
    chrome
        .goto(&format!("/meetings/{meeting}/attendance"))
        .await;
    every_field_is_labelled(&chrome).await;
    // a click on its label checks the radio: the label belongs to it
    chrome
        .find(&format!("label[for='status-{}-remote']", came.id))
        .await
        .click()
        .await
        .expect("clicked");
    chrome
        .type_into("#walk_in_email", "inconnu@ailleurs.example")
        .await;
    chrome.click("main form button[type=submit]").await;
    assert!(!chrome.text("#walk_in_error").await.is_empty());
    assert_eq!(
        chrome.value("#walk_in_email").await,
        "inconnu@ailleurs.example"
    );
    let kept = chrome
        .attr(&format!("#status-{}-remote", came.id), "checked")
        .await;
    assert!(kept.is_some(), "the choice made before the error is kept");
    assert!(
        crate::attendance::recorded(&app, &meeting).is_empty(),
        "nothing recorded"
    );
    chrome
        .find("#walk_in_email")
        .await
        .clear()
        .await
        .expect("cleared");
    chrome.type_into("#walk_in_email", &walk_in.email).await;
    chrome.click("main form button[type=submit]").await;
    assert_eq!(
        chrome.text("main [role=status]").await,
        "Présences enregistrées."
    );
    let recorded = crate::attendance::recorded(&app, &meeting);
    assert_eq!(recorded.len(), 2, "{recorded:?}");
    assert!(recorded.contains(&(came.id.clone(), "remote".to_owned(), false)));
    assert!(recorded.contains(&(walk_in.id.clone(), "in_person".to_owned(), true)));

    // Saved, the sheet leads to the minutes: a draft with a hostile line,
    // its preview, then published.
    assert_eq!(
        chrome.path().await,
        format!("/meetings/{meeting}/minutes?done=attendance")
    );
    chrome
        .type_into(
            "#draft-text",
            "## Relevé de décisions\n\n- prochaine séance en mars <script>alert(1)</script>\n",
        )
        .await;
    chrome
        .click("form[action$='/minutes'] button[type=submit]")
        .await;
    assert_eq!(
        chrome.text("main [role=status]").await,
        "Brouillon enregistré."
    );
    assert!(
        chrome
            .text(".minutes.preview h2")
            .await
            .contains("Relevé de décisions")
    );
    assert!(
        chrome.find_all("main script").await.is_empty(),
        "no script element"
    );
    chrome
        .click("form[action$='/minutes/publish'] button[type=submit]")
        .await;
    assert_eq!(
        chrome.text("main [role=status]").await,
        "Compte rendu publié ; il part par courriel."
    );
    let groups = chrome
        .texts("section[aria-labelledby=participants] h3")
        .await;
    assert_eq!(groups[..2], ["Présents sur place", "Présents à distance"]);

    // A visitor reads the published minutes, without the draft's forms.
    let visitor = app.page(&format!("/meetings/{meeting}/minutes")).await;
    let published = crate::helpers::texts(&visitor, "div.minutes h2");
    assert_eq!(published, ["Relevé de décisions"]);
    assert!(crate::helpers::texts(&visitor, "textarea").is_empty());
}

/// The right edge of every element matching `css`, past the page's width.
async fn past_the_edge(chrome: &Chrome, css: &str) -> Vec<String> {
    let (_, _, width, _) = chrome.find("html").await.rectangle().await.expect("a size");
    let mut past = Vec::new();
    for element in chrome.find_all(css).await {
        if !element.is_displayed().await.expect("shown or not") {
            continue;
        }
        let (x, _, w, _) = element.rectangle().await.expect("a size");
        if x + w > width + 1.0 {
            let text = element.text().await.unwrap_or_default();
            let tag = element.tag_name().await.unwrap_or_default();
            let class = element
                .attr("class")
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            let text: String = text.chars().take(60).collect();
            past.push(format!("<{tag} class={class:?}> {x}+{w} > {width}: {text}"));
        }
    }
    past
}

#[tokio::test]
async fn a_phone_reads_the_header_the_month_and_the_api_docs_in_a_browser() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let chrome = Chrome::start(&app.address).await;
    chrome
        .client
        .set_window_size(390, 844)
        .await
        .expect("a phone's size");

    // the header leaves the screen to the page
    chrome.goto("/").await;
    let (_, _, _, header) = chrome
        .find("header.site")
        .await
        .rectangle()
        .await
        .expect("a size");
    let (_, _, _, screen) = chrome.find("html").await.rectangle().await.expect("a size");
    assert!(header < 844.0 / 5.0, "the header is {header} px high");
    assert!(screen > 0.0);

    // the month: a list of the days holding a meeting, each named, with times
    let month = quorum::app::demo::today().format("%Y-%m").to_string();
    chrome.goto(&format!("/calendar?month={month}")).await;
    let free = chrome.find_all("table.month td.free").await;
    assert!(!free.is_empty());
    for day in free {
        assert!(
            !day.is_displayed().await.expect("shown or not"),
            "a day without meeting is left out"
        );
    }
    let days = chrome.texts("table.month td:not(.free) span.date").await;
    assert!(
        days.iter()
            .all(|d| FRENCH_DAYS.iter().any(|w| d.starts_with(w))),
        "{days:?}"
    );
    let times = chrome.texts("table.month a.event time").await;
    assert!(
        !times.is_empty() && times.iter().all(|t| t.contains(" h ")),
        "{times:?}"
    );
    assert_eq!(past_the_edge(&chrome, "main *").await, Vec::<String>::new());
    let screenshot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-phone-month.png");
    chrome.screenshot(&screenshot).await;
    eprintln!("month on a phone: {}", screenshot.display());

    // the API's documentation: nothing wider than the phone but the tables'
    // own scrolling boxes' contents
    chrome.goto("/api/docs").await;
    let edges = past_the_edge(&chrome, "main h2, main h3, main section > p, main section > dl, main section > ul > li, main section > table, main .table-scroll").await;
    assert_eq!(edges, Vec::<String>::new());
}

#[tokio::test]
async fn the_personal_feed_address_has_a_copy_button_in_a_browser() {
    let app = spawn_demo_app(Backend::Sqlite).await;
    let member = demo_person(&app, "enfance@arles.example");

    // without a script the address is there to select, with no dead button
    let chrome = Chrome::start(&app.address).await;
    sign_in(&app, &chrome, &member).await;
    let address = chrome.value("#feed-url").await;
    assert!(address.contains("/feeds/"), "{address}");
    let button = chrome.find("button[data-copy=feed-url]").await;
    assert!(!button.is_displayed().await.expect("shown or not"));
    drop(chrome);

    // with one, the button shows, copies the address and says so
    let chrome = Chrome::start_with(&app.address, Script::On).await;
    sign_in(&app, &chrome, &member).await;
    let button = chrome.find("button[data-copy=feed-url]").await;
    assert!(button.is_displayed().await.expect("shown or not"));
    assert_eq!(
        chrome.text("button[data-copy=feed-url]").await,
        "Copier l'adresse"
    );
    button.click().await.expect("a click");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while chrome.text("#feed-url-copied").await.is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        chrome.text("#feed-url-copied").await,
        "Adresse copiée : collez-la dans votre logiciel d'agenda."
    );
    // reading the clipboard back is the test's own act: a person pastes
    chrome.grant("clipboard-read").await;
    let copied = chrome
        .client
        .execute_async(
            "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('unread: ' + e))",
            vec![],
        )
        .await
        .expect("the clipboard");
    assert_eq!(copied, serde_json::json!(address));
}
