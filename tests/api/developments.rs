//! Pooled investments: wished developments and the bodies' pledges to
//! co-fund them. Who proposes (a body's managers, admins), who pledges for
//! a body (its managers, admins), who sees amounts (signed-in people of
//! member bodies, admins; never a stranger, in the page or the API), bad
//! input refused with nothing changed, and the demo's pledges of Arles.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestPerson, api, attr, send, spawn_demo_app, texts};
use crate::on_both_backends;

const APPOINTMENTS: &str = "vue-back-office-rendez-vous";
const SEARCH: &str = "moteur-de-recherche-du-portail";
const STATISTICS: &str = "statistiques-et-rapports-pour-les-elus";

fn pledge_path(development: &str, org: &str) -> String {
    format!("/api/v1/developments/{development}/pledges/{org}")
}

/// The stored pledges of a development: `(body slug, min, max, note)`.
fn stored_pledges(app: &TestApp, slug: &str) -> Vec<(String, Option<i64>, Option<i64>, String)> {
    app.with_conn(|conn| {
        let development = quorum::db::developments::find_by_slug(conn, slug)
            .expect("query")
            .expect("the development");
        quorum::db::developments::pledges(conn, &development.id)
            .expect("query")
            .into_iter()
            .map(|p| (p.organization_slug, p.amount_min, p.amount_max, p.note))
            .collect()
    })
}

fn development_count(app: &TestApp) -> usize {
    app.with_conn(|conn| quorum::db::developments::list(conn).expect("query").len())
}

/// A manager of `org`, a plain member of `org`, and an admin.
struct Cast {
    manager: TestPerson,
    member: TestPerson,
    admin: TestPerson,
}

fn cast(app: &TestApp, org: &str) -> Cast {
    Cast {
        manager: app.add_person(&format!("gestion@{org}.example"), Some(org), false, true),
        member: app.add_person(&format!("agent@{org}.example"), Some(org), false, false),
        admin: app.add_person("admin@club.example", None, true, false),
    }
}

fn problem_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .expect("field errors")
        .iter()
        .map(|e| e["field"].as_str().expect("a field").to_owned())
        .collect()
}

on_both_backends! {
    async fn proposing_is_for_managers_and_admins(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let nancy = cast(&app, "nancy");
        let before = development_count(&app);
        let body = json!({"title": "Tableau de bord des demandes", "description": "Pour les **élus**."});
        let (status, _) = api(&app, Method::POST, "/api/v1/developments", None, Some(&body)).await;
        assert_eq!(status, 401);
        let (status, problem) = send(&app, Method::POST, "/api/v1/developments", &app.api_token(&nancy.member), Some(body.clone())).await;
        assert_eq!(status, 403, "{problem}");
        assert_eq!(development_count(&app), before, "nothing added by a refusal");

        let (status, created) = send(&app, Method::POST, "/api/v1/developments", &app.api_token(&nancy.manager), Some(body.clone())).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["slug"], "tableau-de-bord-des-demandes");
        assert_eq!(created["organization"]["slug"], "nancy", "the one body its manager manages");
        assert_eq!(created["backers"], 0);
        // the same title again gets its own address
        let admin = app.api_token(&nancy.admin);
        let (status, again) = send(&app, Method::POST, "/api/v1/developments", &admin, Some(body)).await;
        assert_eq!(status, 201, "{again}");
        assert_eq!(again["slug"], "tableau-de-bord-des-demandes-2");
        assert_eq!(again["organization"], Value::Null);
        assert_eq!(development_count(&app), before + 2);

        // editing is the admins'
        let path = "/api/v1/developments/tableau-de-bord-des-demandes";
        let (status, _) = send(&app, Method::PATCH, path, &app.api_token(&nancy.manager), Some(json!({"title": "Autre"}))).await;
        assert_eq!(status, 403);
        let (status, edited) = send(&app, Method::PATCH, path, &admin, Some(json!({"title": "Tableau de bord"}))).await;
        assert_eq!(status, 200, "{edited}");
        assert_eq!((edited["title"].as_str(), edited["description"].as_str()), (Some("Tableau de bord"), Some("Pour les **élus**.")));
        let (status, problem) = send(&app, Method::PATCH, path, &admin, Some(json!({"title": "  "}))).await;
        assert_eq!(status, 422);
        assert_eq!(problem_fields(&problem), ["title"]);
        let (_, shown) = api(&app, Method::GET, path, None, None).await;
        assert_eq!(shown["title"], "Tableau de bord", "a refused edit changes nothing");

        // the page: a stranger is sent to sign in, a member is refused, a manager proposes
        let response = app.get("/developments/new").await;
        assert!(response.status().is_redirection(), "{}", response.status());
        let member = app.signed_in(&nancy.member).await;
        assert_eq!(member.get("/developments/new").await.status(), 403);
        assert_eq!(member.post_form("/developments", &[("title", "X")]).await.status(), 403);
        let manager = app.signed_in(&nancy.manager).await;
        let form = scraper::Html::parse_document(&manager.get("/developments/new").await.text().await.expect("body"));
        for field in ["title", "description", "organization"] {
            assert_eq!(attr(&form, &format!("label[for={field}]"), "for").as_deref(), Some(field), "{field} is labelled");
        }
        let count = development_count(&app);
        let refused = manager.post_form("/developments", &[("title", ""), ("description", "Ce que j'ai écrit"), ("organization", "nancy")]).await;
        assert_eq!(refused.status(), 422);
        let page = scraper::Html::parse_document(&refused.text().await.expect("body"));
        assert_eq!(texts(&page, "textarea#description"), ["Ce que j'ai écrit"], "what was typed is kept");
        assert_eq!(attr(&page, "input#title", "aria-invalid").as_deref(), Some("true"));
        assert_eq!(development_count(&app), count);
        let done = manager.post_form("/developments", &[("title", "Paiement en ligne des factures"), ("description", ""), ("organization", "nancy")]).await;
        assert_eq!(done.status(), 303);
        assert_eq!(done.headers()["location"], "/developments/paiement-en-ligne-des-factures");
        assert_eq!(development_count(&app), count + 1);
    }

    async fn a_body_pledges_for_itself_only_and_once(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let nancy = cast(&app, "nancy");
        let manager = app.api_token(&nancy.manager);
        let path = pledge_path(SEARCH, "nancy");
        let body = json!({"amount_min": 5000, "amount_max": 10000, "note": "Budget 2018"});
        let (status, _) = api(&app, Method::PUT, &path, None, Some(&body)).await;
        assert_eq!(status, 401);
        let (status, _) = send(&app, Method::PUT, &path, &app.api_token(&nancy.member), Some(body.clone())).await;
        assert_eq!(status, 403, "a member who does not manage the body");
        let (status, _) = send(&app, Method::PUT, &pledge_path(SEARCH, "montpellier"), &manager, Some(body.clone())).await;
        assert_eq!(status, 403, "another body");
        let (status, created) = send(&app, Method::PUT, &path, &manager, Some(body)).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["backers"], 2, "Arles and Nancy");
        let (status, updated) = send(&app, Method::PUT, &path, &manager, Some(json!({"amount_min": 8000}))).await;
        assert_eq!(status, 200, "{updated}");
        let pledges = stored_pledges(&app, SEARCH);
        assert_eq!(pledges.len(), 2, "stating again updates: {pledges:?}");
        assert!(pledges.contains(&("nancy".into(), Some(8000), None, String::new())), "{pledges:?}");

        // an admin pledges for any member body, never for an observer
        let admin = app.api_token(&nancy.admin);
        let (status, _) = send(&app, Method::PUT, &pledge_path(SEARCH, "montpellier"), &admin, Some(json!({}))).await;
        assert_eq!(status, 201);
        let (status, _) = send(&app, Method::PUT, &pledge_path(SEARCH, "sitiv"), &admin, Some(json!({}))).await;
        assert_eq!(status, 403, "an observer does not co-fund");
        let (status, _) = send(&app, Method::PUT, &pledge_path("no-such-thing", "nancy"), &manager, Some(json!({}))).await;
        assert_eq!(status, 404);

        // withdrawing: one's own body only
        let (status, _) = send(&app, Method::DELETE, &pledge_path(SEARCH, "arles"), &manager, None).await;
        assert_eq!(status, 403);
        let (status, _) = api(&app, Method::DELETE, &path, None, None).await;
        assert_eq!(status, 401);
        let (status, _) = send(&app, Method::DELETE, &path, &manager, None).await;
        assert_eq!(status, 204);
        let (status, _) = send(&app, Method::DELETE, &path, &manager, None).await;
        assert_eq!(status, 404, "nothing left to withdraw");
        let mut bodies: Vec<String> = stored_pledges(&app, SEARCH).into_iter().map(|p| p.0).collect();
        bodies.sort();
        assert_eq!(bodies, ["arles", "montpellier"]);
    }

    async fn pledging_twenty_times_at_once_makes_one_pledge(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let nancy = cast(&app, "nancy");
        let token = app.api_token(&nancy.manager);
        let path = pledge_path(STATISTICS, "nancy");
        let answers = futures_util::future::join_all((0..20).map(|i| {
            let (app, token, path) = (&app, token.clone(), path.clone());
            async move { send(app, Method::PUT, &path, &token, Some(json!({"amount_min": i}))).await.0 }
        }))
        .await;
        let created = answers.iter().filter(|s| **s == 201).count();
        let updated = answers.iter().filter(|s| **s == 200).count();
        assert_eq!((created, updated), (1, 19), "{answers:?}");
        let pledges = stored_pledges(&app, STATISTICS);
        assert_eq!(pledges.len(), 1, "{pledges:?}");
    }

    async fn bad_pledges_are_refused_and_change_nothing(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let nancy = cast(&app, "nancy");
        let manager = app.api_token(&nancy.manager);
        let path = pledge_path(APPOINTMENTS, "nancy");
        let (status, _) = send(&app, Method::PUT, &path, &manager, Some(json!({"amount_min": 1000, "amount_max": 2000, "note": "Voté"}))).await;
        assert_eq!(status, 201);
        let before = stored_pledges(&app, APPOINTMENTS);
        for (body, field) in [
            (json!({"amount_min": 9000, "amount_max": 2000}), "amount_max"),
            (json!({"amount_min": -1}), "amount_min"),
            (json!({"amount_max": -5}), "amount_max"),
            (json!({"note": "n".repeat(501)}), "note"),
        ] {
            let (status, problem) = send(&app, Method::PUT, &path, &manager, Some(body.clone())).await;
            assert_eq!(status, 422, "{body}: {problem}");
            assert_eq!(problem_fields(&problem), [field], "{body}");
            assert_eq!(stored_pledges(&app, APPOINTMENTS), before, "{body} changed nothing");
        }
        // not a whole number: the body does not parse
        let (status, _) = send(&app, Method::PUT, &path, &manager, Some(json!({"amount_min": 12.5}))).await;
        assert_eq!(status, 422);
        // a new pledge refused is not stored either
        let (status, _) = send(&app, Method::PUT, &pledge_path(STATISTICS, "nancy"), &manager, Some(json!({"amount_min": 3, "amount_max": 2}))).await;
        assert_eq!(status, 422);
        assert!(stored_pledges(&app, STATISTICS).is_empty());

        // the page shows the form again with what was typed, and stores nothing
        let browser = app.signed_in(&nancy.manager).await;
        let refused = browser.post_form(&format!("/developments/{STATISTICS}/pledge"), &[("organization", "nancy"), ("amount_min", "9 000"), ("amount_max", "500"), ("note", "À voter au conseil")]).await;
        assert_eq!(refused.status(), 422);
        let page = scraper::Html::parse_document(&refused.text().await.expect("body"));
        assert_eq!(attr(&page, "input#amount_min", "value").as_deref(), Some("9 000"));
        assert_eq!(attr(&page, "input#amount_max", "value").as_deref(), Some("500"));
        assert_eq!(attr(&page, "input#amount_max", "aria-invalid").as_deref(), Some("true"));
        assert_eq!(texts(&page, "textarea#note"), ["À voter au conseil"]);
        assert_eq!(texts(&page, "[role=alert] li").len(), 1, "one error, named");
        assert!(stored_pledges(&app, STATISTICS).is_empty());
        // and the right one is stored
        let done = browser.post_form(&format!("/developments/{STATISTICS}/pledge"), &[("organization", "nancy"), ("amount_min", "9 000"), ("amount_max", ""), ("note", "")]).await;
        assert_eq!(done.status(), 303);
        assert_eq!(stored_pledges(&app, STATISTICS), [("nancy".to_owned(), Some(9000), None, String::new())]);
    }

    async fn amounts_are_shown_to_members_only(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let nancy = cast(&app, "nancy");
        let (status, _) = send(&app, Method::PUT, &pledge_path(APPOINTMENTS, "nancy"), &app.api_token(&nancy.manager), Some(json!({"amount_min": 15000, "amount_max": 25000, "note": "Sous réserve du budget"}))).await;
        assert_eq!(status, 201);
        let path = format!("/api/v1/developments/{APPOINTMENTS}");
        let nancy_pledge = |json: &Value| -> Value {
            json["pledges"].as_array().expect("pledges").iter().find(|p| p["organization"]["slug"] == "nancy").cloned().expect("Nancy's pledge")
        };
        // a stranger: the body's name, no amount, no note, not even the keys
        let (_, anonymous) = api(&app, Method::GET, &path, None, None).await;
        let pledge = nancy_pledge(&anonymous);
        assert_eq!(pledge["organization"]["name"], "Ville de Nancy");
        for key in ["amount_min", "amount_max", "note"] {
            assert!(pledge.get(key).is_none(), "{key} shown to a stranger: {pledge}");
        }
        assert!(!anonymous.to_string().contains("15000"));
        let observer = app.add_person("agent@sitiv.example", Some("sitiv"), false, false);
        let partner = app.add_person("dev@comoe.example", Some("comoe"), false, false);
        let unattached = app.add_person("curieux@club.example", None, false, false);
        for person in [&observer, &partner, &unattached] {
            let (_, seen) = send(&app, Method::GET, &path, &app.api_token(person), None).await;
            assert!(nancy_pledge(&seen).get("amount_min").is_none(), "{}: {seen}", person.email);
        }
        // people of member bodies, and admins, see them
        let montpellier = app.add_person("agent@montpellier.example", Some("montpellier"), false, false);
        for person in [&montpellier, &nancy.member, &nancy.admin] {
            let (_, seen) = send(&app, Method::GET, &path, &app.api_token(person), None).await;
            let pledge = nancy_pledge(&seen);
            assert_eq!((pledge["amount_min"].as_i64(), pledge["amount_max"].as_i64()), (Some(15000), Some(25000)), "{}", person.email);
            assert_eq!(pledge["note"], "Sous réserve du budget");
        }
        // the page: names for everyone, amounts for members
        let page = app.page(&format!("/developments/{APPOINTMENTS}")).await;
        let listed = texts(&page, "li.pledge");
        assert!(listed.iter().any(|l| l.contains("Ville de Nancy")) && listed.iter().any(|l| l.contains("Ville d'Arles")), "{listed:?}");
        assert!(texts(&page, ".amount").is_empty() && texts(&page, ".note").is_empty());
        let html = page.html();
        assert!(!html.contains("15") && !html.contains("Sous réserve"), "no amount for a stranger");
        let observer_page = app.signed_in(&observer).await.get(&format!("/developments/{APPOINTMENTS}")).await.text().await.expect("body");
        assert!(!observer_page.contains("Sous réserve"), "an observer sees no amount");
        let member = app.signed_in(&montpellier).await;
        let page = scraper::Html::parse_document(&member.get(&format!("/developments/{APPOINTMENTS}")).await.text().await.expect("body"));
        let amounts = texts(&page, ".amount");
        assert!(amounts.iter().any(|a| a.contains("15") && a.contains("25") && a.contains('€')), "{amounts:?}");
        assert!(amounts.iter().any(|a| a == "montant non précisé"), "Arles stated none: {amounts:?}");
        assert_eq!(texts(&page, ".note"), ["Sous réserve du budget"]);
        let english = scraper::Html::parse_document(&member.get(&format!("/developments/{APPOINTMENTS}?lang=en")).await.text().await.expect("body"));
        assert!(texts(&english, ".amount").iter().any(|a| a.contains("15,000") && a.contains("25,000")), "{:?}", texts(&english, ".amount"));
        assert_eq!(texts(&english, "h2#co-funders"), ["Co-funders"]);
    }

    async fn a_manager_pledges_and_withdraws_on_the_page(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let nancy = cast(&app, "nancy");
        let browser = app.signed_in(&nancy.manager).await;
        let url = format!("/developments/{STATISTICS}");
        let page = scraper::Html::parse_document(&browser.get(&url).await.text().await.expect("body"));
        for field in ["amount_min", "amount_max", "note"] {
            assert_eq!(attr(&page, &format!("label[for={field}]"), "for").as_deref(), Some(field), "{field} is labelled");
        }
        let ids = {
            let selector = scraper::Selector::parse("[id]").expect("selector");
            let mut ids: Vec<&str> = page.select(&selector).filter_map(|e| e.attr("id")).collect();
            let all = ids.len();
            ids.sort_unstable();
            ids.dedup();
            (all, ids.len())
        };
        assert_eq!(ids.0, ids.1, "no id twice");
        assert_eq!(texts(&page, "li.pledge").len(), 0);
        let pledged = browser.post_form(&format!("{url}/pledge"), &[("organization", "nancy"), ("amount_min", ""), ("amount_max", "40000"), ("note", "")]).await;
        assert_eq!(pledged.status(), 303);
        let page = scraper::Html::parse_document(&browser.get(&url).await.text().await.expect("body"));
        let listed = texts(&page, "li.pledge");
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert!(listed[0].contains("Ville de Nancy") && listed[0].contains("40"), "{listed:?}");
        assert_eq!(attr(&page, "input#amount_max", "value").as_deref(), Some("40000"), "the form shows the pledge as it stands");
        // a member of the body sees it, without any form
        let member = app.signed_in(&nancy.member).await;
        let seen = scraper::Html::parse_document(&member.get(&url).await.text().await.expect("body"));
        assert_eq!(texts(&seen, "li.pledge").len(), 1);
        assert!(texts(&seen, "form[action$='/pledge'], form[action$='/withdraw']").is_empty(), "a member who does not manage the body has no form");
        assert_eq!(member.post_form(&format!("{url}/withdraw"), &[("organization", "nancy")]).await.status(), 403);
        assert_eq!(stored_pledges(&app, STATISTICS).len(), 1);
        // the body's page links what it backs
        let org = scraper::Html::parse_document(&member.get("/orgs/nancy").await.text().await.expect("body"));
        assert_eq!(attr(&org, "ul.backs a", "href").as_deref(), Some(format!("/developments/{STATISTICS}").as_str()));
        let withdrawn = browser.post_form(&format!("{url}/withdraw"), &[("organization", "nancy")]).await;
        assert_eq!(withdrawn.status(), 303);
        assert!(stored_pledges(&app, STATISTICS).is_empty());
        let org = scraper::Html::parse_document(&member.get("/orgs/nancy").await.text().await.expect("body"));
        assert!(texts(&org, "ul.backs a").is_empty());
    }

    async fn the_demo_shows_arles_pledges_from_the_2017_report(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let before = development_count(&app);
        assert_eq!(before, 3);
        // loading again adds nothing, pledges included
        let again = quorum::app::demo::load(&app.db, quorum::app::demo::today()).expect("loads");
        assert_eq!(again, quorum::app::demo::Added::default());
        assert_eq!(development_count(&app), before);
        assert_eq!(stored_pledges(&app, APPOINTMENTS), [("arles".to_owned(), None, None, String::new())]);

        let list = app.page("/developments").await;
        let rows = texts(&list, "table.developments tbody tr");
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(texts(&list, "table.developments tbody td"), ["1", "1", "0"], "the most backed first: {rows:?}");
        assert!(rows[2].contains("Statistiques et rapports personnalisables pour les élus"), "{rows:?}");
        let nav = texts(&list, "header nav a");
        assert!(nav.contains(&"Développements".to_owned()), "{nav:?}");

        let page = app.page(&format!("/developments/{APPOINTMENTS}")).await;
        assert_eq!(texts(&page, "h1"), ["Vue back-office de gestion des rendez-vous"]);
        assert_eq!(texts(&page, "li.pledge a"), ["Ville d'Arles"]);
        assert_eq!(texts(&page, "dl.facts a[href^='/meetings/']"), ["Club utilisateurs Publik — 4e réunion, aux Interconnectés"], "raised at the December 2017 session");

        let arles = app.page("/orgs/arles").await;
        let mut backs = texts(&arles, "ul.backs a");
        backs.sort();
        assert_eq!(backs, ["Amélioration du moteur de recherche du portail", "Vue back-office de gestion des rendez-vous"]);
        let (_, org) = api(&app, Method::GET, "/api/v1/organizations/arles", None, None).await;
        let mut slugs: Vec<&str> = org["backs"].as_array().expect("backs").iter().map(|b| b["slug"].as_str().expect("slug")).collect();
        slugs.sort_unstable();
        assert_eq!(slugs, [SEARCH, APPOINTMENTS]);
        let (_, list) = api(&app, Method::GET, "/api/v1/developments", None, None).await;
        assert_eq!(list["items"][2]["slug"], STATISTICS);
        assert_eq!(list["items"][2]["backers"], 0);
        let (_, one) = api(&app, Method::GET, &format!("/api/v1/developments/{SEARCH}"), None, None).await;
        assert_eq!(one["organization"]["slug"], "arles");
        assert!(one["meeting_id"].is_string(), "{one}");
    }

    async fn admins_edit_a_development_on_its_page(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let nancy = cast(&app, "nancy");
        let url = format!("/developments/{SEARCH}/edit");
        let manager = app.signed_in(&nancy.manager).await;
        assert_eq!(manager.get(&url).await.status(), 403);
        assert_eq!(manager.post_form(&url, &[("title", "Pris"), ("description", "")]).await.status(), 403);
        let public = app.page(&format!("/developments/{SEARCH}?from=manager")).await;
        assert!(texts(&public, &format!("a[href='{url}']")).is_empty(), "no edit link for a stranger");
        let admin = app.signed_in(&nancy.admin).await;
        let form = scraper::Html::parse_document(&admin.get(&url).await.text().await.expect("body"));
        assert_eq!(attr(&form, "input#title", "value").as_deref(), Some("Amélioration du moteur de recherche du portail"));
        let refused = admin.post_form(&url, &[("title", &"t".repeat(201)), ("description", "Texte gardé")]).await;
        assert_eq!(refused.status(), 422);
        let page = scraper::Html::parse_document(&refused.text().await.expect("body"));
        assert_eq!(texts(&page, "textarea#description"), ["Texte gardé"]);
        let (_, unchanged) = api(&app, Method::GET, &format!("/api/v1/developments/{SEARCH}"), None, None).await;
        assert_eq!(unchanged["title"], "Amélioration du moteur de recherche du portail");
        let saved = admin.post_form(&url, &[("title", "Moteur de recherche du portail"), ("description", "Avec des *synonymes*.")]).await;
        assert_eq!(saved.status(), 303);
        assert_eq!(saved.headers()["location"], format!("/developments/{SEARCH}").as_str(), "the address stays");
        let page = scraper::Html::parse_document(&admin.get(&format!("/developments/{SEARCH}")).await.text().await.expect("body"));
        assert_eq!(texts(&page, "h1"), ["Moteur de recherche du portail"]);
        assert_eq!(texts(&page, ".description em"), ["synonymes"]);
        assert_eq!(stored_pledges(&app, SEARCH).len(), 1, "Arles still backs it");
    }

    async fn hostile_titles_and_descriptions_are_cleaned(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let nancy = cast(&app, "nancy");
        let body = json!({
            "title": "<script>alert('titre')</script> Recherche",
            "description": "Voir [ce lien](javascript:alert(1)).\n\n<script>alert('description')</script>\n\n<a href=\"javascript:alert(2)\">brut</a>",
        });
        let (status, created) = send(&app, Method::POST, "/api/v1/developments", &app.api_token(&nancy.admin), Some(body)).await;
        assert_eq!(status, 201, "{created}");
        let slug = created["slug"].as_str().expect("slug").to_owned();
        assert_eq!(slug, "script-alert-titre-script-recherche");
        let html = created["description_html"].as_str().expect("html");
        assert!(!html.contains("<script") && !html.contains("javascript:"), "{html}");
        for path in [format!("/developments/{slug}"), "/developments".to_owned()] {
            let response = app.get(&path).await;
            assert_eq!(response.status(), 200);
            let text = response.text().await.expect("body");
            assert!(!text.contains("<script>") && !text.contains("javascript:"), "{path}: {text}");
            assert!(text.contains("&lt;script&gt;") || text.contains("&#60;script&#62;") || text.contains("&lt;script&#62;"), "the title shown as text on {path}");
            let page = scraper::Html::parse_document(&text);
            assert!(texts(&page, "h1, th a").iter().any(|t| t.contains("<script>alert('titre')</script> Recherche")), "{path}");
        }
    }
}
