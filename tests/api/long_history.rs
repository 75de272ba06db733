//! What a page shows does not grow with the club's history: the home page,
//! a group's and a body's pages show the next meetings and the latest past
//! ones with a link to the full list; `/meetings` comes a page at a time;
//! the month view reads its weeks only; no meeting lasts more than a week.

use serde_json::json;

use quorum::db::meetings::{MeetingFilter, list};
use quorum::domain::meetings::{CheckedMeeting, MeetingInput};

use crate::helpers::{TestApp, api, send, spawn_demo_app, texts};
use crate::on_both_backends;

/// A scheduled meeting from Paris local times (`2035-01-10T10:00`): a
/// session of `group`, or a December session hosted by `host`.
struct Planned<'a> {
    title: String,
    starts: String,
    ends: String,
    group: Option<&'a str>,
    host: Option<&'a str>,
    /// `draft`, or empty for scheduled.
    status: &'static str,
}

/// Stores meetings as organizers write them, in one transaction; their ids.
fn store(app: &TestApp, meetings: &[Planned<'_>]) -> Vec<String> {
    app.with_conn(|conn| {
        quorum::db::write_transaction(conn, |conn| {
            meetings
                .iter()
                .map(|m| {
                    let kind = if m.group.is_some() {
                        "working_group_session"
                    } else {
                        "december_session"
                    };
                    let input = MeetingInput {
                        kind: kind.into(),
                        title: m.title.clone(),
                        starts_at_local: m.starts.clone(),
                        ends_at_local: m.ends.clone(),
                        working_group: m.group.unwrap_or_default().into(),
                        host_organization: m.host.unwrap_or_default().into(),
                        status: m.status.into(),
                        ..MeetingInput::default()
                    };
                    let checked = CheckedMeeting::parse(&input).expect("a valid meeting");
                    quorum::db::meetings::create(conn, &checked)
                })
                .collect()
        })
        .expect("stored")
    })
}

/// `count` sessions of `group` (or meetings hosted by `host`), two a day
/// at the same hour from `first_day` on (so pages must break ties).
fn series<'a>(
    count: usize,
    first_day: &str,
    group: Option<&'a str>,
    host: Option<&'a str>,
) -> Vec<Planned<'a>> {
    let first = chrono::NaiveDate::parse_from_str(first_day, "%Y-%m-%d").expect("a date");
    (0..count)
        .map(|i| {
            let day = first + chrono::Duration::days(i64::try_from(i / 2).expect("small"));
            Planned {
                title: format!("Séance {i:03}"),
                starts: format!("{day}T10:00"),
                ends: format!("{day}T11:30"),
                group,
                host,
                status: "",
            }
        })
        .collect()
}

/// The ids of the meetings a page lists, in order.
fn listed_ids(html: &scraper::Html) -> Vec<String> {
    let links = scraper::Selector::parse("ul.meetings li .meeting-title a").expect("selector");
    html.select(&links)
        .filter_map(|a| a.attr("href"))
        .map(|href| href.trim_start_matches("/meetings/").to_owned())
        .collect()
}

/// The `href` of the first link matching `selector`, if any.
fn link(html: &scraper::Html, selector: &str) -> Option<String> {
    let selector = scraper::Selector::parse(selector).expect("selector");
    html.select(&selector)
        .next()
        .and_then(|a| a.attr("href"))
        .map(str::to_owned)
}

/// Follows the `rel="next"` links from `start`: the ids of every page, and
/// the addresses visited.
async fn walk(app: &TestApp, start: &str) -> (Vec<String>, Vec<String>) {
    let mut ids = Vec::new();
    let mut visited = vec![start.to_owned()];
    let mut page = app.page(start).await;
    loop {
        let shown = listed_ids(&page);
        assert!(shown.len() <= 50, "{} on one page", shown.len());
        ids.extend(shown);
        let Some(next) = link(&page, "a[rel=next]") else {
            break;
        };
        assert!(visited.len() < 10, "the pages never end: {visited:?}");
        page = app.page(&next).await;
        visited.push(next);
    }
    (ids, visited)
}

/// The ids of a group's meetings, coming or past, sorted as the list must
/// show them.
fn expected_order(app: &TestApp, group_slug: &str, past: bool) -> Vec<String> {
    let now = quorum::db::now();
    let mut all = app.with_conn(|conn| {
        let group = quorum::db::working_groups::find_by_slug(conn, group_slug)
            .expect("query")
            .expect("group");
        list(
            conn,
            &MeetingFilter {
                working_group_id: Some(group.id),
                ..MeetingFilter::default()
            },
        )
        .expect("meetings")
    });
    all.retain(|l| (l.meeting.ends_at <= now) == past);
    let mut keys: Vec<_> = all
        .into_iter()
        .map(|l| (l.meeting.starts_at, l.meeting.id))
        .collect();
    keys.sort();
    if past {
        keys.reverse();
    }
    keys.into_iter().map(|(_, id)| id).collect()
}

on_both_backends! {
    async fn the_home_page_shows_ten_coming_meetings_then_a_link(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let upcoming = "main > ul.meetings > li";
        let all_link = "main a[href='/meetings']";
        let before = texts(&app.page("/").await, upcoming).len();
        assert!(before < 10, "the demo has {before} coming meetings");
        // exactly ten: all shown, no link to more
        store(&app, &series(10 - before, "2035-01-10", Some("social"), None));
        let ten = app.page("/").await;
        assert_eq!(texts(&ten, upcoming).len(), 10);
        assert!(!texts(&ten, "main p.more").iter().any(|t| t == "Toutes les réunions à venir"));
        // one more: still ten, and the link to the full list
        store(&app, &series(1, "2036-01-10", Some("social"), None));
        let eleven = app.page("/").await;
        assert_eq!(texts(&eleven, upcoming).len(), 10);
        assert_eq!(texts(&eleven, "main p.more a"), ["Toutes les réunions à venir"]);
        assert_eq!(link(&eleven, "main p.more a").as_deref(), Some("/meetings"));
        assert!(link(&eleven, all_link).is_some());
        let english = app.page("/?lang=en").await;
        assert_eq!(texts(&english, "main p.more a"), ["All upcoming meetings"]);
        // the recent past stays five
        store(&app, &series(8, "2010-01-10", Some("social"), None));
        let past = texts(&app.page("/").await, "#past ~ ul.meetings > li");
        assert_eq!(past.len(), 5, "{past:?}");
    }

    async fn the_meetings_list_comes_a_page_at_a_time_with_its_filters(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        store(&app, &series(105, "2035-01-10", Some("social"), None));
        store(&app, &series(55, "2010-01-10", Some("social"), None));
        // meetings of the other groups stay out of the filtered pages
        store(&app, &series(60, "2035-01-10", Some("elections"), None));

        let (coming, pages) = walk(&app, "/meetings?group=social").await;
        assert_eq!(pages.len(), 3, "{pages:?}");
        assert_eq!(coming, expected_order(&app, "social", false), "each once, in start order");
        assert_eq!(coming.len(), 105);
        for next in &pages[1..] {
            assert!(next.starts_with("/meetings?group=social&after="), "{next}");
            assert!(!next.contains("past"), "{next}");
        }

        let (past, pages) = walk(&app, "/meetings?group=social&past=1").await;
        assert_eq!(pages.len(), 2, "{pages:?}");
        assert_eq!(past, expected_order(&app, "social", true), "each once, newest first");
        assert_eq!(past.len(), 55);
        assert!(pages[1].starts_with("/meetings?group=social&past=1&before="), "{}", pages[1]);
        let second = app.page(&pages[1]).await;
        assert_eq!(texts(&second, "a[rel=next]"), Vec::<String>::new());
        assert_eq!(texts(&second, "h1"), ["Réunions passées"]);

        // every filter is carried to the next page
        store(&app, &series(52, "2035-01-10", None, Some("sitiv")));
        let first = app.page("/meetings?kind=december_session&org=sitiv").await;
        let next = link(&first, "a[rel=next]").expect("a second page");
        assert!(next.starts_with("/meetings?kind=december_session&org=sitiv&after="), "{next}");
        assert_eq!(texts(&first, "a[rel=next]"), ["Réunions suivantes →"]);
        let english = app.page("/meetings?kind=december_session&org=sitiv&lang=en").await;
        assert_eq!(texts(&english, "a[rel=next]"), ["Next meetings →"]);
        assert_eq!(listed_ids(&app.page(&next).await).len(), 2);

        // a cursor that does not read is ignored: the first page
        let first_ids = listed_ids(&app.page("/meetings?group=social").await);
        for bad in ["garbage", "99999999999999999999_x", "9223372036854775807_x", "_", ""] {
            let response = app.get(&format!("/meetings?group=social&after={bad}&before={bad}")).await;
            assert_eq!(response.status(), 200, "{bad}");
            let html = scraper::Html::parse_document(&response.text().await.expect("body"));
            assert_eq!(listed_ids(&html), first_ids, "{bad}");
        }
    }

    async fn the_month_view_reads_its_weeks_and_meetings_across_them(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        // April 2030 starts on a Monday: its grid runs from 1 April to 5 May
        let planned = [
            ("Réunion d'avril", "2030-04-15T10:00", "2030-04-15T12:00"),
            ("Séminaire de fin mars", "2030-03-29T09:00", "2030-04-01T17:00"),
            ("Réunion de mai", "2030-05-13T10:00", "2030-05-13T12:00"),
            ("Réunion de mars", "2030-03-25T10:00", "2030-03-25T12:00"),
        ];
        let meetings: Vec<Planned<'_>> = planned
            .iter()
            .map(|(title, starts, ends)| Planned {
                title: (*title).to_owned(),
                starts: (*starts).to_owned(),
                ends: (*ends).to_owned(),
                group: Some("social"),
                host: None,
                status: "",
            })
            .collect();
        store(&app, &meetings);
        let page = app.page("/calendar?month=2030-04").await;
        assert_eq!(texts(&page, "h1"), ["avril 2030"]);
        let first_row = texts(&page, "table.month tbody tr:first-child .day");
        assert_eq!(first_row[0], "1");
        let cell = scraper::Selector::parse("table.month td").expect("selector");
        let event = scraper::Selector::parse("a.event .title").expect("selector");
        let number = scraper::Selector::parse(".day").expect("selector");
        let days: Vec<(String, Vec<String>)> = page
            .select(&cell)
            .map(|td| {
                let day = td.select(&number).map(|d| d.text().collect::<String>()).collect();
                let titles = td.select(&event).map(|a| a.text().collect::<String>()).collect();
                (day, titles)
            })
            .filter(|(_, titles): &(String, Vec<String>)| !titles.is_empty())
            .collect();
        assert_eq!(
            days,
            [
                ("1".to_owned(), vec!["Séminaire de fin mars".to_owned()]),
                ("15".to_owned(), vec!["Réunion d'avril".to_owned()]),
            ]
        );
        // and on each of its days in March's grid, which ends on Sunday 31
        let march = app.page("/calendar?month=2030-03").await;
        let seminar = march
            .select(&cell)
            .filter(|td| td.select(&event).any(|a| a.text().collect::<String>() == "Séminaire de fin mars"))
            .count();
        assert_eq!(seminar, 3, "29, 30 and 31 March");
        // a month out of the calendar's years is this month, never a crash
        for far in ["262142-12", "-262143-01", "0000-01"] {
            assert_eq!(app.get(&format!("/calendar?month={far}")).await.status(), 200, "{far}");
        }
    }

    async fn a_group_page_shows_the_next_and_latest_sessions_then_links(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let quiet = app.page("/groups/etat-civil").await;
        assert_eq!(texts(&quiet, "p.more"), Vec::<String>::new());
        store(&app, &series(12, "2035-01-10", Some("social"), None));
        store(&app, &series(7, "2010-01-10", Some("social"), None));
        let page = app.page("/groups/social").await;
        assert_eq!(texts(&page, "#upcoming ~ ul.meetings li").len(), 10);
        assert_eq!(texts(&page, "#past ~ ul.meetings li").len(), 5);
        assert_eq!(link(&page, "#upcoming ~ p.more a").as_deref(), Some("/meetings?group=social"));
        assert_eq!(link(&page, "#past ~ p.more a").as_deref(), Some("/meetings?group=social&past=1"));
        assert_eq!(texts(&page, "p.more a"), ["Toutes les réunions à venir", "Toutes les réunions passées"]);
        // the latest past sessions, newest first
        let past = texts(&page, "#past ~ ul.meetings li .meeting-title");
        assert_eq!(past[0], "Séance 006", "{past:?}");
    }

    async fn a_body_page_shows_the_next_and_latest_meetings_it_hosts_then_links(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        store(&app, &series(11, "2035-01-10", None, Some("sitiv")));
        store(&app, &series(5, "2010-01-10", None, Some("sitiv")));
        let page = app.page("/orgs/sitiv").await;
        assert_eq!(texts(&page, "#hosted-upcoming ~ ul.meetings li").len(), 10);
        assert_eq!(texts(&page, "#hosted-past ~ ul.meetings li").len(), 5);
        assert_eq!(link(&page, "#hosted-upcoming ~ p.more a").as_deref(), Some("/meetings?org=sitiv"));
        // five past meetings are all of them: no link
        assert_eq!(link(&page, "#hosted-past ~ p.more a"), None);
        store(&app, &series(1, "2009-01-10", None, Some("sitiv")));
        let more = app.page("/orgs/sitiv").await;
        assert_eq!(link(&more, "#hosted-past ~ p.more a").as_deref(), Some("/meetings?org=sitiv&past=1"));
        assert_eq!(texts(&more, "h2#hosted-past"), ["Réunions accueillies passées"]);
    }

    async fn no_meeting_lasts_more_than_a_week(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let meeting = |ends: &str| json!({
            "kind": "spring_plenary", "title": "Journée de printemps",
            "starts_at_local": "2031-05-19T09:00", "ends_at_local": ends,
        });
        let (status, week) = send(&app, reqwest::Method::POST, "/api/v1/meetings", &token, Some(meeting("2031-05-26T09:00"))).await;
        assert_eq!(status, 201, "{week}");
        let (status, longer) = send(&app, reqwest::Method::POST, "/api/v1/meetings", &token, Some(meeting("2031-05-26T09:30"))).await;
        assert_eq!(status, 422, "{longer}");
        assert_eq!(longer["errors"][0]["field"], "ends_at_local");
        assert_eq!(longer["errors"][0]["message"], "une réunion dure 7 jours au plus");
    }

    async fn the_api_pages_past_drafts_the_caller_may_not_see(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let mut planned = series(6, "2035-01-10", Some("social"), None);
        for (i, meeting) in planned.iter_mut().enumerate() {
            if i % 3 != 2 {
                meeting.status = "draft";
            }
        }
        let ids = store(&app, &planned);
        let scheduled: Vec<&String> = ids.iter().skip(2).step_by(3).collect();
        // a member sees drafts only of the groups they coordinate: none here
        let member = app.add_person("claire@nancy.fr", Some("nancy"), false, false);
        let token = app.api_token(&member);
        let mut seen = Vec::new();
        let mut cursor = String::new();
        for _ in 0..10 {
            let path = format!("/api/v1/meetings?working_group=social&limit=2&cursor={cursor}");
            let (status, page) = api(&app, reqwest::Method::GET, &path, Some(&token), None).await;
            assert_eq!(status, 200, "{page}");
            seen.extend(page["items"].as_array().expect("items").iter().map(|m| m["id"].as_str().expect("id").to_owned()));
            match page["next_cursor"].as_str() {
                Some(next) => cursor = next.to_owned(),
                None => break,
            }
        }
        assert_eq!(seen.iter().collect::<Vec<_>>(), scheduled, "every meeting the member may see, once");
    }
}
