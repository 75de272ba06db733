//! The calendar views and the directory's filters.

use chrono::Datelike;

use crate::helpers::{spawn_demo_app, texts};
use crate::on_both_backends;

on_both_backends! {
    async fn upcoming_and_past_lists_filter_by_kind_group_and_host(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let all = texts(&app.page("/meetings").await, "ul.meetings .meeting-title");
        assert_eq!(all.len(), 5, "{all:?}");
        let december = texts(&app.page("/meetings?kind=december_session").await, "ul.meetings .meeting-title");
        assert_eq!(december.len(), 1);
        assert!(december[0].contains("réunion de décembre"));
        let group = texts(&app.page("/meetings?group=elections").await, "ul.meetings .meeting-title");
        assert_eq!(group, ["Groupe de travail Élections"]);
        let past = texts(&app.page("/meetings?past=1").await, "ul.meetings .meeting-title");
        assert_eq!(past.len(), 2, "{past:?}");
        assert!(past[0].contains("4e réunion") && past[1].contains("3e réunion"), "newest first: {past:?}");
        let hosted = texts(&app.page("/meetings?past=1&org=alfortville").await, "ul.meetings .meeting-title");
        assert_eq!(hosted.len(), 1);
        let none = app.page("/meetings?org=sitiv").await;
        assert_eq!(texts(&none, "main > p").last().map(String::as_str), Some("Aucune réunion ne correspond."));
        // the filter form keeps what was chosen
        // the club feed's links in sight, not only in the folded how-to
        let links = scraper::Selector::parse("main > p.subscribe-links a").expect("selector");
        let list = app.page("/meetings").await;
        let hrefs: Vec<&str> = list.select(&links).filter_map(|a| a.attr("href")).collect();
        assert!(hrefs.len() == 2 && hrefs[0].starts_with("webcal://") && hrefs[1].ends_with("/calendar.ics"), "{hrefs:?}");
        let kept = app.page("/meetings?kind=december_session").await;
        let selected = scraper::Selector::parse("select#kind option[selected]").expect("selector");
        assert_eq!(kept.select(&selected).next().and_then(|o| o.attr("value")), Some("december_session"));
    }

    async fn the_month_view_places_meetings_on_their_day(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let page = app.page("/calendar?month=2017-12").await;
        assert_eq!(texts(&page, "h1"), ["décembre 2017"]);
        let headers = texts(&page, "table.month thead th");
        assert_eq!(headers[0], "lundi");
        // 1 December 2017 was a Friday: the first row starts on Monday 27 November
        let first_row = texts(&page, "table.month tbody tr:first-child .day");
        assert_eq!(first_row, ["27", "28", "29", "30", "1", "2", "3"]);
        let cells = scraper::Selector::parse("table.month td").expect("selector");
        let with_event: Vec<String> = page
            .select(&cells)
            .filter(|td| td.select(&scraper::Selector::parse("a.event").expect("selector")).next().is_some())
            .map(|td| td.select(&scraper::Selector::parse(".day").expect("selector")).map(|d| d.text().collect::<String>()).collect())
            .collect();
        assert_eq!(with_event, ["7"]);
        // this month, with no query
        let now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Paris);
        let current = app.page("/calendar").await;
        assert!(texts(&current, "h1")[0].ends_with(&now.year().to_string()));
        assert_eq!(app.get("/calendar?month=garbage").await.status(), 200);
    }

    async fn the_directory_filters_by_kind_and_status(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let observers = texts(&app.page("/orgs?status=observer").await, "tbody th");
        assert_eq!(observers, ["Sitiv", "Ville de Feyzin", "Ville d'Oullins"]);
        let metropoles = texts(&app.page("/orgs?kind=metropole&status=member").await, "tbody th");
        assert_eq!(metropoles.len(), 4, "{metropoles:?}");
        let english = app.page("/orgs?status=partner&lang=en").await;
        assert!(texts(&english, "tbody td").contains(&"partner".to_owned()));
    }
}
