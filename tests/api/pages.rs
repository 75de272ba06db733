use quorum::db::meetings::{MeetingFilter, list};
use quorum::db::organizations::insert;
use quorum::domain::organizations::{NewOrganization, ProjectProfile};
use quorum::domain::{ClubStatus, OrgKind};

use crate::helpers::{attr, spawn_app, spawn_demo_app, texts};
use crate::on_both_backends;

/// "jeudi 10 décembre 2026, 14 h 00 – 17 h 00"
fn is_french_span(text: &str) -> bool {
    let days = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    let Some((date, hours)) = text.split_once(", ") else {
        return false;
    };
    let words: Vec<&str> = date.split(' ').collect();
    words.len() == 4
        && days.contains(&words[0])
        && words[3].len() == 4
        && hours.contains(" h ")
        && hours.contains(" – ")
}

on_both_backends! {
    async fn home_lists_upcoming_meetings_in_order_with_french_times(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let html = app.page("/").await;
        assert_eq!(texts(&html, "h1"), ["Prochaines réunions"]);
        let upcoming = texts(&html, "main > ul.meetings > li .meeting-title");
        assert!(upcoming.len() >= 5, "{upcoming:?}");
        assert!(upcoming[0].contains("réunion de décembre"), "{upcoming:?}");
        assert!(upcoming.iter().any(|t| t.contains("État-civil")), "{upcoming:?}");
        // no draft on the public home page
        assert!(!upcoming.iter().any(|t| t.contains("journée de printemps")), "{upcoming:?}");
        let times = texts(&html, "main > ul.meetings > li time");
        assert!(times.iter().all(|t| is_french_span(t)), "{times:?}");
        assert!(times[0].ends_with("14 h 00 – 17 h 00 (heure de Paris)"), "{times:?}");
        // in start order: the datetime attributes sort as the list does
        let selector = scraper::Selector::parse("main > ul.meetings > li time").expect("selector");
        let instants: Vec<chrono::DateTime<chrono::FixedOffset>> = html
            .select(&selector)
            .map(|e| chrono::DateTime::parse_from_rfc3339(e.attr("datetime").expect("datetime")).expect("rfc3339"))
            .collect();
        assert!(instants.windows(2).all(|w| w[0] <= w[1]), "{instants:?}");
    }

    async fn past_december_session_shows_its_minutes(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let home = app.page("/").await;
        let link = scraper::Selector::parse("a").expect("selector");
        let href = home
            .select(&link)
            .find(|a| a.text().collect::<String>().contains("4e réunion"))
            .and_then(|a| a.attr("href"))
            .expect("the 2017 session is among the recent past meetings")
            .to_owned();
        let page = app.page(&href).await;
        assert_eq!(texts(&page, "dd time"), ["jeudi 7 décembre 2017, 14 h 00 – 17 h 00 (heure de Paris)"]);
        let sections = texts(&page, "section h2");
        assert!(sections.contains(&"Compte rendu".to_owned()), "{sections:?}");
        let minutes = texts(&page, "#minutes ~ h2");
        assert!(minutes.iter().any(|h| h == "Tour de table"), "{minutes:?}");
        let facts = texts(&page, "dl.facts dd");
        assert!(facts.iter().any(|f| f.contains("69006 Lyon")), "{facts:?}");
    }

    async fn draft_meeting_is_not_public(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let draft = app.with_conn(|conn| {
            let all = list(conn, &MeetingFilter { include_drafts: true, ..MeetingFilter::default() })
                .expect("meetings");
            all.into_iter().find(|m| m.meeting.status == "draft").expect("the spring plenary is a draft")
        });
        let response = app.get(&format!("/meetings/{}", draft.meeting.id)).await;
        assert_eq!(response.status(), 404);
        let body = response.text().await.expect("body");
        assert!(!body.contains(&draft.meeting.title), "a draft's title leaked");
    }

    async fn member_body_page_shows_its_project_profile(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let page = app.page("/orgs/nancy").await;
        assert_eq!(texts(&page, "h1"), ["Ville de Nancy"]);
        let profile = texts(&page, "dl.profile dd");
        assert!(profile[0].contains("démarche de co-construction"), "{profile:?}");
        assert!(profile[1].contains("visualisation statistique"), "{profile:?}");
        let observer = app.page("/orgs/oullins").await;
        let facts = texts(&observer, "dl.facts dd");
        assert!(facts.contains(&"observateur".to_owned()), "{facts:?}");
    }

    async fn directory_lists_every_body_of_the_seed(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let page = app.page("/orgs").await;
        let names = texts(&page, "tbody th");
        for name in ["Eurométropole de Strasbourg", "Sicoval", "Ville d'Arles", "Comoé", "Néréide"] {
            assert!(names.contains(&name.to_owned()), "{name} missing from {names:?}");
        }
        assert_eq!(app.get("/orgs/no-such-body").await.status(), 404);
    }

    async fn working_group_page_shows_its_sessions(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let groups = texts(&app.page("/groups").await, "h2");
        assert_eq!(groups.len(), 5, "{groups:?}");
        let page = app.page("/groups/etat-civil").await;
        assert_eq!(texts(&page, "h1"), ["État-civil"]);
        let sessions = texts(&page, "ul.meetings li time");
        assert_eq!(sessions.len(), 1, "{sessions:?}");
        assert!(sessions[0].ends_with("10 h 00 – 11 h 30 (heure de Paris)"), "{sessions:?}");
        let social = app.page("/groups/social").await;
        assert!(texts(&social, "p").contains(&"Aucune session.".to_owned()));
    }

    async fn hosting_call_shows_both_proposals(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let home = app.page("/").await;
        let link = scraper::Selector::parse("#calls ~ ul a").expect("selector");
        let href = home.select(&link).next().and_then(|a| a.attr("href")).expect("an open call").to_owned();
        let page = app.page(&href).await;
        let hosts = texts(&page, "article.proposal h3");
        assert_eq!(hosts, ["Métropole de Lyon (Grand Lyon)", "Montpellier Méditerranée Métropole"]);
        let dates = texts(&page, "article.proposal ul li");
        assert_eq!(dates.len(), 4, "{dates:?}");
        assert!(dates.iter().all(|d| d.contains(" juin ") && d.ends_with("9 h 30 – 17 h 00 (heure de Paris)")), "{dates:?}");
    }

    async fn english_is_the_second_language(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let page = app.page("/?lang=en").await;
        assert_eq!(texts(&page, "h1"), ["Upcoming meetings"]);
        let times = texts(&page, "main > ul.meetings > li time");
        assert!(times[0].starts_with("Thursday ") && times[0].ends_with("14:00 – 17:00 (Paris time)"), "{times:?}");

        let switch = app.get("/lang/en?back=/orgs").await;
        assert_eq!(switch.status(), 303);
        assert_eq!(switch.headers()["location"], "/orgs");
        let cookie = switch.headers()["set-cookie"].to_str().expect("ascii").to_owned();
        assert!(cookie.starts_with("quorum_lang=en"), "{cookie}");
        let remembered = app
            .client
            .get(format!("{}/orgs", app.address))
            .header("cookie", "quorum_lang=en")
            .send()
            .await
            .expect("answered");
        let html = scraper::Html::parse_document(&remembered.text().await.expect("body"));
        assert_eq!(texts(&html, "h1"), ["The club's member bodies"]);

        let elsewhere = app.get("/lang/en?back=//evil.example/").await;
        assert_eq!(elsewhere.headers()["location"], "/");
    }

    async fn hostile_text_is_escaped_in_pages(backend: Backend) {
        let app = spawn_app(backend).await;
        // written straight to the database, past the checks
        let hostile = NewOrganization {
            slug: "hostile".into(),
            name: "<script>alert('name')</script>".into(),
            kind: OrgKind::Commune,
            club_status: ClubStatus::Member,
            profile: ProjectProfile {
                territory: Some("<img src=x onerror=alert(1)>".into()),
                website: Some("javascript:alert(1)".into()),
                project_highlight: "\"><b>bold</b>".into(),
                ..ProjectProfile::default()
            },
        };
        app.with_conn(|conn| {
            insert(conn, &quorum::db::new_id(), &hostile)
            .expect("inserted");
        });
        let body = app.get("/orgs/hostile").await.text().await.expect("body");
        assert!(!body.contains("<script>alert"), "unescaped name");
        assert!(!body.contains("<img src=x"), "unescaped territory");
        assert!(!body.contains("<b>bold</b>"), "unescaped profile");
        assert!(!body.contains("href=\"javascript:"), "javascript: link");
        let page = scraper::Html::parse_document(&body);
        assert_eq!(texts(&page, "h1"), ["<script>alert('name')</script>"]);
    }
}

on_both_backends! {
    async fn pages_carry_an_icon_and_preview_tags(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let icon = app.get("/favicon.svg").await;
        assert_eq!(icon.status(), 200);
        assert_eq!(icon.headers()["content-type"], "image/svg+xml");
        assert!(icon.text().await.expect("body").starts_with("<svg"));
        let old = app.get("/favicon.ico").await;
        assert_eq!(old.status(), 303);
        assert_eq!(old.headers()["location"], "/favicon.svg");

        let home = app.page("/").await;
        assert_eq!(attr(&home, "link[rel=icon]", "href").as_deref(), Some("/favicon.svg"));
        assert_eq!(attr(&home, "meta[property='og:title']", "content").as_deref(), Some("Club des utilisateurs"));
        let december = crate::helpers::first_meeting_id(&app, "kind=december_session").await;
        let page = app.page(&format!("/meetings/{december}")).await;
        let title = texts(&page, "h1").remove(0);
        assert_eq!(attr(&page, "meta[property='og:title']", "content"), Some(title));
        assert_eq!(attr(&page, "meta[property='og:type']", "content").as_deref(), Some("event"));
        let description = attr(&page, "meta[property='og:description']", "content").expect("a description");
        assert!(description.starts_with(&texts(&page, "dl.facts dd time")[0]), "{description}");
        assert!(description.contains("(heure de Paris)"), "{description}");
        let english = app.page(&format!("/meetings/{december}?lang=en")).await;
        assert_eq!(attr(&english, "meta[property='og:locale']", "content").as_deref(), Some("en_GB"));
    }
}
