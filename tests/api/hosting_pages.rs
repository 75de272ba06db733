//! Calls for hosts on the web: opening a call, proposing from the form (bad
//! input shown again, kept), supporting, and accepting, without JavaScript.

use serde_json::Value;

use crate::helpers::{TestApp, demo_person, send, spawn_demo_app, texts};
use crate::on_both_backends;

/// The demo's call for hosts, as the API shows it.
async fn demo_call(app: &TestApp) -> Value {
    let calls: Value = app
        .get("/api/v1/hosting-calls")
        .await
        .json()
        .await
        .expect("json");
    calls["items"][0].clone()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned()
}

/// An admin accepts the demo call's first proposal at its first date
/// through the API: the call, the proposal's id and the plenary.
async fn accept_first_proposal(app: &TestApp) -> (Value, String, Value) {
    let call = demo_call(app).await;
    let proposal = call["proposals"][0]["id"]
        .as_str()
        .expect("a proposal")
        .to_owned();
    let admin = app.api_token(&demo_person(app, "brice.mallet@entrouvert.example"));
    let (status, meeting) = send(
        app,
        reqwest::Method::POST,
        &format!("/api/v1/host-proposals/{proposal}/accept"),
        &admin,
        Some(serde_json::json!({"candidate_date": 0})),
    )
    .await;
    assert_eq!(status, 200, "{meeting}");
    (call, proposal, meeting)
}

on_both_backends! {
    async fn a_body_s_manager_sees_no_support_button_on_its_own_proposal(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let call = demo_call(&app).await;
        let proposal = |slug: &str| {
            call["proposals"].as_array().expect("proposals").iter()
                .find(|p| p["organization"] == slug)
                .and_then(|p| p["id"].as_str())
                .expect("a demo proposal")
                .to_owned()
        };
        let (lyon, montpellier) = (proposal("grand-lyon"), proposal("montpellier"));
        let manager = app.signed_in(&demo_person(&app, "chef.projet@grand-lyon.example")).await;
        let support_button = "form input[name=action][value=support]";
        let own = scraper::Html::parse_document(&manager.get(&format!("/host-proposals/{lyon}")).await.text().await.expect("page"));
        assert!(texts(&own, support_button).is_empty() && texts(&own, "textarea#comment").is_empty(), "no support form");
        assert!(texts(&own, "#supports ~ p").iter().any(|p| p.contains("propre collectivité")));
        let other = scraper::Html::parse_document(&manager.get(&format!("/host-proposals/{montpellier}")).await.text().await.expect("page"));
        assert_eq!(other.select(&scraper::Selector::parse(support_button).expect("selector")).count(), 1);

        let before = demo_call(&app).await["proposals"][0]["support_count"].clone();
        let refused = manager.post_form(&format!("/host-proposals/{lyon}/act"), &[("action", "support"), ("comment", "Chez nous !")]).await;
        assert_eq!(refused.status(), 403);
        assert!(refused.text().await.expect("page").contains("propre collectivité"));
        assert_eq!(demo_call(&app).await["proposals"][0]["support_count"], before, "nothing stored");
    }

    async fn a_call_with_its_host_leaves_the_home_page(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let title = demo_call(&app).await["title"].as_str().expect("title").to_owned();
        let admin = app.signed_in(&demo_person(&app, "brice.mallet@entrouvert.example")).await;
        let home = scraper::Html::parse_document(&admin.get("/").await.text().await.expect("home"));
        assert!(texts(&home, "#calls ~ ul a").contains(&title), "open before the decision");
        accept_first_proposal(&app).await;
        let home = scraper::Html::parse_document(&admin.get("/").await.text().await.expect("home"));
        assert!(!texts(&home, "#calls ~ ul a").contains(&title), "no longer an open call");
        assert!(texts(&home, "#calls ~ ul li").is_empty(), "{:?}", texts(&home, "#calls ~ ul li"));
    }

    async fn an_accepted_proposal_links_to_its_plenary(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (_, proposal, meeting) = accept_first_proposal(&app).await;
        let page = app.page(&format!("/host-proposals/{proposal}")).await;
        let link = format!("main a[href='/meetings/{}']", meeting["id"].as_str().expect("id"));
        let links = texts(&page, &link);
        assert_eq!(links.len(), 1, "{links:?}");
        assert!(links[0].starts_with(meeting["title"].as_str().expect("title")), "{links:?}");
        // a declined proposal names no plenary of its own
        let call = demo_call(&app).await;
        let other = call["proposals"][1]["id"].as_str().expect("another proposal");
        let page = app.page(&format!("/host-proposals/{other}")).await;
        assert!(texts(&page, &link).is_empty());
    }

    async fn the_call_page_names_its_plenary_by_title_and_date(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (call, _, meeting) = accept_first_proposal(&app).await;
        let page = app.page(&format!("/hosting-calls/{}", call["id"].as_str().expect("id"))).await;
        assert_eq!(texts(&page, "dl.facts dt")[3], "La rencontre programmée");
        let link = texts(&page, "dl.facts dd a");
        let title = meeting["title"].as_str().expect("title");
        assert_eq!(link.len(), 1, "{link:?}");
        assert!(link[0].starts_with(&format!("{title}, ")), "{link:?}");
        assert!(link[0].contains(" juin "), "the date, in words: {link:?}");
        assert!(!link[0].contains("La rencontre programmée"), "{link:?}");
    }

    async fn a_manager_proposes_a_member_supports_an_admin_accepts(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let call = demo_call(&app).await;
        let id = call["id"].as_str().expect("id");
        let june = &call["wished_period_start"].as_str().expect("date")[..7];
        let nancy = app.signed_in(&demo_person(&app, "chef.projet@nancy.example")).await;

        let page = scraper::Html::parse_document(&nancy.get(&format!("/hosting-calls/{id}")).await.text().await.expect("page"));
        assert!(texts(&page, "a.button").contains(&"Proposer d'accueillir la rencontre".to_owned()));
        let form = scraper::Html::parse_document(&nancy.get(&format!("/hosting-calls/{id}/propose")).await.text().await.expect("form"));
        assert_eq!(texts(&form, "select#organization option"), ["Ville de Nancy"], "only the body they manage");
        assert_eq!(texts(&form, "label[for='candidate_dates[0].starts_at_local']"), ["Date 1 — Début"]);

        // bad input: shown again with what was typed, nothing stored
        let hostile = "<script>alert(1)</script> Salle des fêtes";
        let start = format!("{june}-11T09:30");
        let end = format!("{june}-11T17:00");
        let refused = nancy.post_form(&format!("/hosting-calls/{id}/propose"), &[
            ("organization", "nancy"),
            ("candidate_dates[0].starts_at_local", &start),
            ("candidate_dates[0].ends_at_local", &end),
            ("venue_name", hostile),
            ("venue_city", "Nancy"),
            ("capacity", "zéro"),
            ("has_screen", "on"),
        ]).await;
        assert_eq!(refused.status(), 422);
        let html = refused.text().await.expect("page");
        assert!(!html.contains("<script>alert"), "the hostile name is escaped");
        let page = scraper::Html::parse_document(&html);
        assert_eq!(texts(&page, "[role=alert] a"), ["Places sur place : nombre de places : un entier positif"]);
        let kept = scraper::Selector::parse("#venue_name").expect("selector");
        assert_eq!(page.select(&kept).next().and_then(|e| e.attr("value")), Some(hostile));
        let start_field = scraper::Selector::parse("[id='candidate_dates[0].starts_at_local']").expect("selector");
        assert_eq!(page.select(&start_field).next().and_then(|e| e.attr("value")), Some(start.as_str()));
        let screen = scraper::Selector::parse("#has_screen[checked]").expect("selector");
        assert!(page.select(&screen).next().is_some(), "the ticked box stays ticked");
        assert_eq!(demo_call(&app).await["proposals"].as_array().map(Vec::len), Some(2));

        let sent = nancy.post_form(&format!("/hosting-calls/{id}/propose"), &[
            ("organization", "nancy"),
            ("candidate_dates[0].starts_at_local", &start),
            ("candidate_dates[0].ends_at_local", &end),
            ("venue_name", hostile),
            ("venue_city", "Nancy"),
            ("capacity", "70"),
            ("contact_email", "gru@nancy.example"),
        ]).await;
        assert_eq!(sent.status(), 303);
        let proposal_page = location(&sent);
        assert!(proposal_page.ends_with("?done=saved"), "{proposal_page}");
        let page = scraper::Html::parse_document(&nancy.get(&proposal_page).await.text().await.expect("page"));
        assert_eq!(texts(&page, "[role=status]"), ["Proposition enregistrée."]);
        let proposal = proposal_page.trim_end_matches("?done=saved").to_owned();

        // a member supports it with a comment; strangers see the count only
        let arles = app.signed_in(&demo_person(&app, "enfance@arles.example")).await;
        let long = "Nancy ".repeat(1000);
        let refused = arles.post_form(&format!("{proposal}/act"), &[("action", "support"), ("comment", &long)]).await;
        assert_eq!(refused.status(), 422);
        let page = scraper::Html::parse_document(&refused.text().await.expect("page"));
        assert_eq!(texts(&page, "[role=alert] a"), ["Commentaire : 5 000 caractères au plus"]);
        assert_eq!(texts(&page, "textarea#comment[aria-invalid=true]"), [long.trim()], "the comment is kept");
        assert!(texts(&page, "ul.supports").is_empty(), "no support stored");
        let supported = arles.post_form(&format!("{proposal}/act"), &[("action", "support"), ("comment", "Bonne idée, Nancy est bien desservie")]).await;
        assert_eq!(supported.status(), 303);
        let page = arles.get(&location(&supported)).await.text().await.expect("page");
        assert!(page.contains("Bonne idée, Nancy est bien desservie"));
        assert!(page.contains("Vous soutenez cette proposition."));
        let stranger = app.get(&proposal).await.text().await.expect("page");
        assert!(!stranger.contains("Bonne idée"), "supporters' comments are for members");
        assert!(!stranger.contains("gru@nancy.example"), "the contact is for members");
        assert!(stranger.contains("Connectez-vous pour voir les soutiens"));

        // the manager sees no decision form; the admin accepts
        let nancy_view = nancy.get(&proposal).await.text().await.expect("page");
        assert!(!nancy_view.contains("Accepter et programmer la rencontre"));
        let refused = nancy.post_form(&format!("{proposal}/act"), &[("action", "accept"), ("candidate_date", "0")]).await;
        assert_eq!(refused.status(), 403);
        let admin = app.signed_in(&demo_person(&app, "brice.mallet@entrouvert.example")).await;
        // shortlisted, its dates can be polled from the call's page
        let shortlisted = admin.post_form(&format!("{proposal}/act"), &[("action", "shortlist")]).await;
        assert_eq!(shortlisted.status(), 303);
        let call_page = admin.get(&format!("/hosting-calls/{id}")).await.text().await.expect("page");
        assert!(call_page.contains("Sonder les membres sur les dates retenues"));
        let polled = admin.post_form(&format!("/hosting-calls/{id}/date-poll"), &[]).await;
        assert_eq!(polled.status(), 303);
        let poll_page = location(&polled);
        assert!(poll_page.starts_with("/date-polls/"), "{poll_page}");
        let page = scraper::Html::parse_document(&admin.get(&poll_page).await.text().await.expect("page"));
        let slots = texts(&page, "legend");
        assert!(slots.iter().all(|s| s.starts_with("Ville de Nancy — ")), "{slots:?}");
        assert!(texts(&page, "dd a").contains(&demo_call(&app).await["title"].as_str().expect("title").to_owned()));
        let accepted = admin.post_form(&format!("{proposal}/act"), &[("action", "accept"), ("candidate_date", "0"), ("confirm", "yes")]).await;
        assert_eq!(accepted.status(), 303);
        let page = scraper::Html::parse_document(&app.get(&format!("/hosting-calls/{id}")).await.text().await.expect("page"));
        let states = texts(&page, "article.proposal dl.facts dd:nth-of-type(1)");
        assert_eq!(states, ["non retenue", "non retenue", "acceptée"], "{states:?}");
        let history = scraper::Html::parse_document(&app.get(&proposal).await.text().await.expect("page"));
        assert_eq!(
            texts(&history, "#history ~ table tbody td:nth-child(2)"),
            ["proposition déposée", "retenue pour le choix final", "acceptée"]
        );
        let page = scraper::Html::parse_document(&app.get(&poll_page).await.text().await.expect("page"));
        assert_eq!(texts(&page, "dd.poll-state"), ["Clos"], "accepting closed the poll");
        let calendar = app.get("/calendar.ics").await.text().await.expect("feed");
        assert!(calendar.contains("Salle des fêtes"), "the plenary is on the club's calendar");
    }

    async fn an_admin_opens_a_call_from_the_page(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let member = app.signed_in(&demo_person(&app, "enfance@arles.example")).await;
        assert_eq!(member.get("/hosting-calls/new").await.status(), 403);
        let admin = app.signed_in(&demo_person(&app, "brice.mallet@entrouvert.example")).await;
        assert_eq!(admin.get("/hosting-calls/new").await.status(), 200);
        let year = chrono::Datelike::year(&chrono::Utc::now()) + 2;
        let (start, end) = (format!("{year}-06-01"), format!("{year}-06-30"));
        let late = format!("{year}-07-15");
        let refused = admin.post_form("/hosting-calls/new", &[
            ("title", "Appel à accueil lointain"), ("year", &year.to_string()),
            ("wished_period_start", &start), ("wished_period_end", &end), ("deadline", &late),
        ]).await;
        assert_eq!(refused.status(), 422);
        let page = scraper::Html::parse_document(&refused.text().await.expect("page"));
        assert_eq!(texts(&page, "[role=alert] a"), ["la date limite doit précéder la période souhaitée"]);
        let title = scraper::Selector::parse("#title").expect("selector");
        assert_eq!(page.select(&title).next().and_then(|e| e.attr("value")), Some("Appel à accueil lointain"));

        let deadline = format!("{year}-03-01");
        let opened = admin.post_form("/hosting-calls/new", &[
            ("title", "Appel à accueil lointain"), ("year", &year.to_string()),
            ("wished_period_start", &start), ("wished_period_end", &end), ("deadline", &deadline),
            ("requirements", "- une salle pour 60 personnes"),
        ]).await;
        assert_eq!(opened.status(), 303);
        let page = scraper::Html::parse_document(&app.get(&location(&opened)).await.text().await.expect("page"));
        assert_eq!(texts(&page, "h1"), ["Appel à accueil lointain"]);
        assert_eq!(texts(&page, "#requirements ~ ul li"), ["une salle pour 60 personnes"]);
        let english = scraper::Html::parse_document(&app.get(&format!("{}?lang=en", location(&opened))).await.text().await.expect("page"));
        assert_eq!(texts(&english, "dl.facts dt"), ["Wished period", "Proposals until", "State"]);
        assert_eq!(texts(&english, "dl.facts dd:nth-of-type(3)"), ["Open to proposals"]);
        let home = scraper::Html::parse_document(&app.get("/").await.text().await.expect("home"));
        assert!(texts(&home, "#calls ~ ul a").contains(&"Appel à accueil lointain".to_owned()));
    }
}

#[tokio::test]
async fn proposing_and_supporting_with_labels_in_a_browser() {
    use crate::chrome::Chrome;

    let app = spawn_demo_app(crate::helpers::Backend::Sqlite).await;
    let call = demo_call(&app).await;
    let id = call["id"].as_str().expect("id");
    let lyon = call["proposals"][0]["id"]
        .as_str()
        .expect("a proposal")
        .to_owned();
    let chrome = Chrome::start(&app.address).await;

    // a manager's form: every field labelled; a mistake keeps what was typed
    crate::browser::sign_in(
        &app,
        &chrome,
        &demo_person(&app, "chef.projet@nancy.example"),
    )
    .await;
    chrome.goto(&format!("/hosting-calls/{id}")).await;
    chrome
        .click_link("Proposer d'accueillir la rencontre")
        .await;
    assert_eq!(chrome.path().await, format!("/hosting-calls/{id}/propose"));
    crate::browser::every_field_is_labelled(&chrome).await;
    chrome.type_into("#venue_name", "Salle Poirel").await;
    chrome.type_into("#capacity", "120").await;
    chrome
        .find("label[for='has_sound']")
        .await
        .click()
        .await
        .expect("a click");
    chrome.click("main form button[type=submit]").await;
    assert_eq!(chrome.path().await, format!("/hosting-calls/{id}/propose"));
    assert_eq!(
        chrome.texts("[role=alert] li").await,
        [
            "Date 1 — Début : proposez au moins une date",
            "Ville : à renseigner (300 caractères au plus)"
        ],
        "each error names its field"
    );
    assert_eq!(chrome.value("#venue_name").await, "Salle Poirel");
    assert_eq!(
        chrome.attr("#has_sound", "checked").await.as_deref(),
        Some("true")
    );

    // a member supports Lyon's proposal with a comment
    crate::browser::sign_in(
        &app,
        &chrome,
        &demo_person(&app, "chef.projet@vincennes.example"),
    )
    .await;
    chrome.goto(&format!("/host-proposals/{lyon}")).await;
    crate::browser::every_field_is_labelled(&chrome).await;
    chrome
        .type_into("#comment", "Vincennes viendra à trois.")
        .await;
    chrome.click("#supports ~ form button[type=submit]").await;
    assert_eq!(
        chrome.path().await,
        format!("/host-proposals/{lyon}?done=supported")
    );
    assert_eq!(chrome.text("[role=status]").await, "Soutien enregistré.");
    assert!(
        chrome
            .text("ul.supports")
            .await
            .contains("Vincennes viendra à trois.")
    );
}
