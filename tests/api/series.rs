//! Series of working-group sessions: planned from a rule, in local time.

use chrono::Datelike;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use quorum::db::meetings::Meeting;

use crate::helpers::{Browser, TestApp, spawn_demo_app, texts};
use crate::on_both_backends;

fn next_year() -> i32 {
    chrono::Utc::now().year() + 1
}

fn rule<'a>(
    from: &'a str,
    until: &'a str,
    start: &'a str,
    end: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", "Groupe état-civil"),
        ("format", "remote"),
        ("frequency", "monthly"),
        ("ordinal", "3"),
        ("interval_weeks", "1"),
        ("weekday", "3"),
        ("start_time", start),
        ("end_time", end),
        ("time_zone", "Europe/Paris"),
        ("starts_on", from),
        ("until", until),
        ("agenda", ""),
    ]
}

fn sessions(app: &TestApp, series_id: &str) -> Vec<Meeting> {
    app.with_conn(|conn| quorum::db::series::occurrences(conn, series_id).expect("occurrences"))
}

async fn plan(browser: &Browser, from: &str, until: &str) -> String {
    let created = browser
        .post_form(
            "/groups/etat-civil/series/new",
            &rule(from, until, "10:00", "11:30"),
        )
        .await;
    assert_eq!(created.status(), 303);
    created.headers()["location"]
        .to_str()
        .expect("ascii")
        .trim_start_matches("/series/")
        .to_owned()
}

on_both_backends! {
    async fn third_thursdays_stay_at_ten_across_the_clock_change(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let coordinator = app.add_person("coord@nancy.fr", None, false, false);
        app.make_coordinator(&coordinator, "etat-civil");
        let browser = app.signed_in(&coordinator).await;
        let year = next_year();
        let (from, until) = (format!("{year}-01-01"), format!("{year}-04-30"));
        let id = plan(&browser, &from, &until).await;
        let planned = sessions(&app, &id);
        assert_eq!(planned.len(), 4);
        let local: Vec<String> = planned
            .iter()
            .map(|m| m.starts_at.and_utc().with_timezone(&chrono_tz::Europe::Paris).format("%H:%M %A").to_string())
            .collect();
        assert!(local.iter().all(|t| t == "10:00 Thursday"), "{local:?}");
        let utc: Vec<String> = planned.iter().map(|m| m.starts_at.format("%H:%M").to_string()).collect();
        assert_eq!(utc, ["09:00", "09:00", "09:00", "08:00"], "winter, then summer time");

        let page = app.page(&format!("/series/{id}")).await;
        assert!(texts(&page, "p.lead")[0].starts_with("le 3e jeudi de chaque mois, 10 h 00 – 11 h 30"));
        assert_eq!(texts(&page, "ul.meetings li").len(), 4);
        let session = app.page(&format!("/meetings/{}", planned[0].id)).await;
        assert!(texts(&session, "dd a").iter().any(|t| t.starts_with("Cette session fait partie d'une série")));

        // only the group's organizers plan series
        let member = app.add_person("member@nancy.fr", None, false, false);
        let refused = app.signed_in(&member).await.post_form("/groups/etat-civil/series/new", &rule(&from, &until, "10:00", "11:30")).await;
        assert_eq!(refused.status(), 403);
        let elsewhere = browser.post_form("/groups/social/series/new", &rule(&from, &until, "10:00", "11:30")).await;
        assert_eq!(elsewhere.status(), 403);
    }

    async fn changing_the_rule_replans_only_future_untouched_sessions(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let browser = app.signed_in(&admin).await;
        let year = next_year();
        let (from, until) = (format!("{year}-01-01"), format!("{year}-04-30"));
        let id = plan(&browser, &from, &until).await;
        let before = sessions(&app, &id);

        // the first session already happened; the second was moved by hand
        let yesterday = quorum::db::now() - chrono::Duration::days(1);
        app.with_conn(|conn| {
            use quorum::db::schema::meetings::dsl as m;
            diesel::update(m::meetings.filter(m::id.eq(&before[0].id)))
                .set((m::starts_at.eq(yesterday), m::ends_at.eq(yesterday + chrono::Duration::minutes(90))))
                .execute(conn)
                .expect("make it past");
        });
        let moved = [
            ("kind", "working_group_session"), ("title", "Groupe état-civil (déplacé)"), ("format", "remote"), ("status", "scheduled"),
            ("starts_at_local", &format!("{year}-02-19T10:00")[..]), ("ends_at_local", ""), ("time_zone", "Europe/Paris"), ("working_group", "etat-civil"),
        ];
        assert_eq!(browser.post_form(&format!("/meetings/{}/edit", before[1].id), &moved).await.status(), 303);

        // new rule: 14:00, and the series ends in March
        let new_until = format!("{year}-03-31");
        let changed = browser.post_form(&format!("/series/{id}"), &rule(&from, &new_until, "14:00", "15:30")).await;
        assert_eq!(changed.status(), 303);
        let after = sessions(&app, &id);
        let find = |meeting_id: &str| after.iter().find(|m| m.id == meeting_id).expect("kept").clone();
        assert_eq!(find(&before[0].id).starts_at, yesterday, "a past session is not re-planned");
        assert_eq!(find(&before[1].id).title, "Groupe état-civil (déplacé)", "a session moved by hand is left alone");
        let march = find(&before[2].id);
        assert_eq!(march.starts_at.and_utc().with_timezone(&chrono_tz::Europe::Paris).format("%H:%M").to_string(), "14:00");
        assert_eq!(march.sequence, 1);
        let april = find(&before[3].id);
        assert_eq!(april.status, "cancelled", "dropped by the new rule, kept so calendars remove it");
        assert_eq!(april.sequence, 1);

        // a bad rule is refused with what was typed
        let bad = browser.post_form(&format!("/series/{id}"), &rule(&new_until, &from, "14:00", "15:30")).await;
        assert_eq!(bad.status(), 422);
        let html = scraper::Html::parse_document(&bad.text().await.expect("body"));
        let until_field = scraper::Selector::parse("input#until").expect("selector");
        assert_eq!(html.select(&until_field).next().and_then(|e| e.attr("value")), Some(from.as_str()));
        assert_eq!(sessions(&app, &id).len(), 4);
    }
}
