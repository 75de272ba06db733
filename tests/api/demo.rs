use diesel::{QueryDsl, RunQueryDsl};
use quorum::app::demo::{Added, load, today};
use quorum::db::schema::{
    host_proposal_dates, host_proposals, hosting_calls, meetings, organizations, people,
    working_groups,
};

use crate::helpers::{TestApp, spawn_app, spawn_demo_app};
use crate::on_both_backends;

fn participants(app: &TestApp, meeting: &str) -> Vec<quorum::db::rsvps::Participant> {
    app.with_conn(|conn| quorum::db::rsvps::participants(conn, meeting).expect("answers"))
}

fn counts(conn: &mut quorum::db::DbConn) -> [i64; 7] {
    [
        people::table.count().get_result(conn).expect("count"),
        organizations::table
            .count()
            .get_result(conn)
            .expect("count"),
        working_groups::table
            .count()
            .get_result(conn)
            .expect("count"),
        meetings::table.count().get_result(conn).expect("count"),
        hosting_calls::table
            .count()
            .get_result(conn)
            .expect("count"),
        host_proposals::table
            .count()
            .get_result(conn)
            .expect("count"),
        host_proposal_dates::table
            .count()
            .get_result(conn)
            .expect("count"),
    ]
}

on_both_backends! {
    async fn loading_the_demo_twice_changes_nothing(backend: Backend) {
        let app = spawn_app(backend).await;
        let first = load(&app.db, today()).expect("first load");
        assert_eq!(first.organizations, 18);
        // the coordinator, four managers and four members without a role
        assert_eq!(first.people, 9);
        assert_eq!(first.working_groups, 5);
        assert_eq!(first.hosting_calls, 1);
        assert_eq!(first.host_proposals, 2);
        // two past meetings, the coming December session, the drafted
        // plenary and four working-group sessions
        assert_eq!(first.meetings, 8);
        // seven to the December session, five to the connector group's
        // session, three to the Alfortville plenary (which asked about lunch)
        assert_eq!(first.rsvps, 15);
        let before = app.with_conn(counts);
        let answers = |conn: &mut quorum::db::DbConn| -> i64 {
            quorum::db::schema::rsvps::table.count().get_result(conn).expect("count")
        };
        assert_eq!(app.with_conn(answers), 15);
        let second = load(&app.db, today()).expect("second load");
        assert_eq!(second, Added::default());
        assert_eq!(app.with_conn(counts), before);
        assert_eq!(app.with_conn(answers), 15);
    }

    async fn the_december_session_has_the_tour_de_table_of_several_bodies(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let december = crate::helpers::first_meeting_id(&app, "kind=december_session").await;
        let all = participants(&app, &december);
        assert!(all.len() >= 5, "{} answers", all.len());
        let mut bodies: Vec<String> = all.iter().filter_map(|p| p.body.as_ref().map(|b| b.slug.clone())).collect();
        bodies.sort();
        bodies.dedup();
        assert_eq!(bodies.len(), all.len(), "one person per body: {bodies:?}");
        let yes: Vec<_> = all.iter().filter(|p| p.rsvp.answer == "yes").collect();
        assert!(yes.len() >= 5);
        assert!(yes.iter().all(|p| p.rsvp.state == "confirmed" && p.rsvp.attendance == "in_person"));
        assert!(all.iter().all(|p| !p.rsvp.wished_development.is_empty()), "everyone wished for something");
        let said: Vec<&str> = all.iter().map(|p| p.rsvp.project_highlight.as_str()).collect();
        assert!(said.iter().any(|t| t.contains("co-construction")), "Nancy's method, as in the report: {said:?}");
        assert!(said.iter().any(|t| t.contains("progressive web app")), "{said:?}");
        let listed = all.iter().filter(|p| p.rsvp.listed).count();
        assert!(listed >= 2 && listed < all.len(), "some listed publicly, not all: {listed}");
    }

    async fn a_session_about_to_start_shows_its_join_button_to_its_participant_only(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        // as `quorum demo` loads it: with a session about to start, once a day
        let live = quorum::app::demo::load_live_session(&app.db, quorum::db::now()).expect("the live session loads");
        assert_eq!((live.meetings, live.rsvps), (1, 1));
        let again = quorum::app::demo::load_live_session(&app.db, quorum::db::now()).expect("loads again");
        assert_eq!(again, Added::default(), "once a day");
        let session = crate::helpers::first_meeting_id(&app, "working_group=democratie-participative").await;
        let meeting: serde_json::Value = app.get(&format!("/api/v1/meetings/{session}")).await.json().await.expect("json");
        let starts = chrono::DateTime::parse_from_rfc3339(meeting["starts_at"].as_str().expect("start")).expect("rfc3339");
        let until = starts.signed_duration_since(chrono::Utc::now()).num_minutes();
        assert!((0..=15).contains(&until), "starts within the join window: in {until} minutes");
        let join = format!("/meetings/{session}/join");
        let person = |email: &str| {
            let person = app.with_conn(|conn| quorum::db::people::find_by_email(conn, email).expect("query").expect("a demo person"));
            crate::helpers::TestPerson { id: person.id, email: person.email }
        };
        let seated = person("chef.projet@nanterre.example");
        let page = app.signed_in(&seated).await.get(&format!("/meetings/{session}")).await.text().await.expect("page");
        assert!(page.contains(&join), "the participant sees the join button");
        let response = app.signed_in(&seated).await.get(&join).await;
        assert_eq!(response.status(), 303);
        let room = response.headers()["location"].to_str().expect("ascii").to_owned();
        assert!(room.starts_with("https://meet.jit.si/quorum-"), "the button leads to the room: {room}");
        // members without an answer, and the public, see no button
        for email in ["chef.projet@nancy.example", "enfance@arles.example"] {
            let page = app.signed_in(&person(email)).await.get(&format!("/meetings/{session}")).await.text().await.expect("page");
            assert!(!page.contains(&join), "{email} sees no join button");
            assert_eq!(app.signed_in(&person(email)).await.get(&join).await.status(), 403);
        }
        let page = app.get(&format!("/meetings/{session}")).await.text().await.expect("page");
        assert!(!page.contains(&join) && !page.contains("meet.jit.si"), "nothing for the public");
    }

    async fn a_newcomer_waits_second_in_line_for_the_full_session(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let session = crate::helpers::first_meeting_id(&app, "working_group=connecteur-courrier").await;
        let all = participants(&app, &session);
        let in_room = all.iter().filter(|p| p.rsvp.attendance == "in_person" && p.rsvp.state == "confirmed").count();
        assert_eq!(in_room, 3, "every seat taken");
        let waiting: Vec<_> = all.iter().filter(|p| p.rsvp.state == "waitlisted").collect();
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].waitlist_position, Some(1));
        assert!(all.iter().any(|p| p.rsvp.attendance == "remote" && p.rsvp.state == "confirmed"), "hybrid: one follows remotely");
        let meeting: serde_json::Value = app.get(&format!("/api/v1/meetings/{session}")).await.json().await.expect("json");
        assert_eq!(meeting["capacity"], 3);
        assert_eq!(meeting["format"], "hybrid");

        let newcomer = app.add_person("nouvelle.venue@amiens.example", Some("amiens"), false, false);
        let token = app.api_token(&newcomer);
        let response = app
            .client
            .put(format!("{}/api/v1/meetings/{session}/rsvp", app.address))
            .bearer_auth(&token)
            .json(&serde_json::json!({"answer": "yes", "attendance": "in_person"}))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 200);
        let answer: serde_json::Value = response.json().await.expect("json");
        assert_eq!(answer["state"], "waitlisted", "{answer}");
        assert_eq!(answer["waitlist_position"], 2, "{answer}");
        assert_eq!(answer["waitlist_reason"], "full", "{answer}");
    }
}
