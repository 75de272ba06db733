//! Answers through the API: seats, the waiting list, quotas, the deadline
//! and approval — and seats never given twice under load.

use std::collections::{BTreeMap, HashSet};

use futures_util::StreamExt;
use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestPerson, api, spawn_app, spawn_demo_app};
use crate::on_both_backends;

fn subject(mail: &quorum::infra::mail::SentMessage) -> String {
    crate::smtp::parse(&mail.raw)
        .subject()
        .unwrap_or_default()
        .to_owned()
}

/// Waits (at most 10 s) until `count` messages whose subject starts with
/// `prefix` are sent; returns them.
async fn sent_with(
    app: &TestApp,
    prefix: &str,
    count: usize,
) -> Vec<quorum::infra::mail::SentMessage> {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let sent: Vec<_> = app
            .sent_mail()
            .into_iter()
            .filter(|m| subject(m).starts_with(prefix))
            .collect();
        if sent.len() >= count || tokio::time::Instant::now() > deadline {
            return sent;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn put_rsvp(app: &TestApp, meeting: &str, token: &str, body: Value) -> (u16, Value) {
    api(
        app,
        reqwest::Method::PUT,
        &format!("/api/v1/meetings/{meeting}/rsvp"),
        Some(token),
        Some(&body),
    )
    .await
}

/// An admin and a meeting of theirs, made through the API.
async fn meeting(app: &TestApp, fields: Value) -> (TestPerson, String, String) {
    let admin = app.add_person("organisatrice@club.example", None, true, false);
    let token = app.api_token(&admin);
    let mut body = json!({
        "kind": "spring_plenary",
        "title": "Journée de printemps",
        "starts_at_local": "2099-06-10T09:30",
        "time_zone": "Europe/Paris",
    });
    for (k, v) in fields.as_object().expect("fields") {
        body[k] = v.clone();
    }
    let (status, created) = api(
        app,
        reqwest::Method::POST,
        "/api/v1/meetings",
        Some(&token),
        Some(&body),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    (admin, token, id)
}

/// `n` people of no body, each with an API token.
fn people(app: &TestApp, prefix: &str, n: usize) -> Vec<(TestPerson, String)> {
    (0..n)
        .map(|i| {
            let person =
                app.add_person(&format!("{prefix}{i:03}@club.example"), None, false, false);
            let token = app.api_token(&person);
            (person, token)
        })
        .collect()
}

async fn everyone(app: &TestApp, meeting: &str, token: &str) -> Vec<Value> {
    let (status, page) = api(
        app,
        reqwest::Method::GET,
        &format!("/api/v1/meetings/{meeting}/rsvps"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().expect("items").clone()
}

fn with_state<'a>(all: &'a [Value], state: &str) -> Vec<&'a Value> {
    all.iter().filter(|r| r["state"] == state).collect()
}

/// The waiting list: person id by position; positions must be 1…n.
fn waiting_list(all: &[Value]) -> Vec<String> {
    let mut by_position: BTreeMap<i64, String> = BTreeMap::new();
    for r in with_state(all, "waitlisted") {
        let position = r["waitlist_position"].as_i64().expect("a position");
        let previous = by_position.insert(position, r["person"]["id"].as_str().expect("id").into());
        assert!(previous.is_none(), "position {position} given twice");
    }
    let positions: Vec<i64> = by_position.keys().copied().collect();
    let expected: Vec<i64> = (1..=i64::try_from(positions.len()).expect("small")).collect();
    assert_eq!(positions, expected, "positions without gaps");
    by_position.into_values().collect()
}

on_both_backends! {
    async fn five_hundred_people_race_for_fifty_seats(backend: Backend) {
        let app = spawn_app(backend).await;
        let (_, admin_token, id) = meeting(&app, json!({"capacity": 50})).await;
        let crowd = people(&app, "p", 500);

        // 64 at a time, as a crowd behind a few proxies comes (and within
        // what the server lets wait for the database before it says 503)
        let answers: Vec<_> = futures_util::stream::iter(crowd.iter().map(|(_, token)| {
            put_rsvp(&app, &id, token, json!({"answer": "yes", "attendance": "in_person"}))
        }))
        .buffered(64)
        .collect()
        .await;
        for (status, body) in &answers {
            assert_eq!(*status, 200, "{body}");
        }
        let confirmed_answers = answers.iter().filter(|(_, b)| b["state"] == "confirmed").count();
        assert_eq!(confirmed_answers, 50, "the answers themselves say 50 confirmed");

        let all = everyone(&app, &id, &admin_token).await;
        assert_eq!(all.len(), 500, "one answer per person");
        assert_eq!(with_state(&all, "confirmed").len(), 50);
        let line = waiting_list(&all);
        assert_eq!(line.len(), 450);

        // ten confirmed people cancel at once: the first ten in line move up
        let leaving: Vec<&(TestPerson, String)> = crowd
            .iter()
            .filter(|(p, _)| all.iter().any(|r| r["person"]["id"] == p.id.as_str() && r["state"] == "confirmed"))
            .take(10)
            .collect();
        let rsvp_path = format!("/api/v1/meetings/{id}/rsvp");
        let cancels = join_all(leaving.iter().map(|(_, token)| {
            api(&app, reqwest::Method::DELETE, &rsvp_path, Some(token), None)
        }))
        .await;
        assert!(cancels.iter().all(|(status, _)| *status == 204), "{cancels:?}");

        let after = everyone(&app, &id, &admin_token).await;
        let confirmed: HashSet<&str> = with_state(&after, "confirmed")
            .iter()
            .map(|r| r["person"]["id"].as_str().expect("id"))
            .collect();
        assert_eq!(confirmed.len(), 50, "every freed seat is given again, once");
        for promoted in &line[..10] {
            assert!(confirmed.contains(promoted.as_str()), "the first ten in line are in");
        }
        assert_eq!(waiting_list(&after), line[10..].to_vec(), "the rest keep their order");

        // each promoted person is told once
        let mails = sent_with(&app, "Une place pour vous", 10).await;
        let mut told: Vec<String> = mails.iter().map(|m| m.to.clone()).collect();
        told.sort();
        let mut expected: Vec<String> = line[..10]
            .iter()
            .map(|id| crowd.iter().find(|(p, _)| &p.id == id).expect("a person").0.email.clone())
            .collect();
        expected.sort();
        assert_eq!(told, expected);
        // and everyone else as often as their place changed: 50 seats given,
        // 450 places in line, 10 seats given back
        assert_eq!(sent_with(&app, "Inscription confirmée", 50).await.len(), 50);
        assert_eq!(sent_with(&app, "Sur la liste d'attente", 450).await.len(), 450);
        assert_eq!(sent_with(&app, "Inscription annulée", 10).await.len(), 10);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(app.sent_mail().len(), 520, "nobody told twice");
    }

    async fn answering_twice_at_once_leaves_one_answer(backend: Backend) {
        let app = spawn_app(backend).await;
        let (_, admin_token, id) = meeting(&app, json!({"capacity": 5})).await;
        let (_, token) = people(&app, "twice", 1).remove(0);
        let both = join_all([
            put_rsvp(&app, &id, &token, json!({"answer": "yes"})),
            put_rsvp(&app, &id, &token, json!({"answer": "yes", "comment": "encore"})),
            put_rsvp(&app, &id, &token, json!({"answer": "maybe"})),
        ])
        .await;
        assert!(both.iter().all(|(status, _)| *status == 200), "{both:?}");
        let all = everyone(&app, &id, &admin_token).await;
        assert_eq!(all.len(), 1);
        let seats = with_state(&all, "confirmed").len();
        assert!(seats <= 1);
        assert_eq!(seats == 1, all[0]["answer"] == "yes", "a seat exactly for a yes");
    }

    async fn a_body_over_its_quota_waits_with_the_reason(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (_, admin_token, id) = meeting(&app, json!({"capacity": 10, "organization_quota": 1})).await;
        let lyon_1 = app.add_person("lyon1@grand-lyon.example", Some("grand-lyon"), false, false);
        let lyon_2 = app.add_person("lyon2@grand-lyon.example", Some("grand-lyon"), false, false);
        let nancy = app.add_person("agent@nancy.example", Some("nancy"), false, false);
        let (t1, t2, t3) = (app.api_token(&lyon_1), app.api_token(&lyon_2), app.api_token(&nancy));

        let (_, first) = put_rsvp(&app, &id, &t1, json!({"answer": "yes"})).await;
        assert_eq!(first["state"], "confirmed");
        let (_, second) = put_rsvp(&app, &id, &t2, json!({"answer": "yes"})).await;
        assert_eq!(second["state"], "waitlisted");
        assert_eq!(second["waitlist_reason"], "organization_quota");
        assert_eq!(second["waitlist_position"], 1);
        let (_, other) = put_rsvp(&app, &id, &t3, json!({"answer": "yes"})).await;
        assert_eq!(other["state"], "confirmed", "another body is not held back");

        // remote attendance is not counted in the quota… for a hybrid meeting
        // only; this one is in person, so the body's first person leaving
        // lets the second in
        let (status, _) = api(&app, reqwest::Method::DELETE, &format!("/api/v1/meetings/{id}/rsvp"), Some(&t1), None).await;
        assert_eq!(status, 204);
        let all = everyone(&app, &id, &admin_token).await;
        let second = all.iter().find(|r| r["person"]["id"] == lyon_2.id.as_str()).expect("there");
        assert_eq!(second["state"], "confirmed");
        assert_eq!(second["waitlist_position"], Value::Null);
    }

    async fn hybrid_meetings_count_remote_seats_apart(backend: Backend) {
        let app = spawn_app(backend).await;
        let (_, _, id) = meeting(&app, json!({"format": "hybrid", "capacity": 1, "remote_capacity": 1})).await;
        let crowd = people(&app, "h", 4);
        let (_, a) = put_rsvp(&app, &id, &crowd[0].1, json!({"answer": "yes", "attendance": "in_person"})).await;
        let (_, b) = put_rsvp(&app, &id, &crowd[1].1, json!({"answer": "yes", "attendance": "remote"})).await;
        let (_, c) = put_rsvp(&app, &id, &crowd[2].1, json!({"answer": "yes", "attendance": "remote"})).await;
        let (_, d) = put_rsvp(&app, &id, &crowd[3].1, json!({"answer": "yes", "attendance": "in_person"})).await;
        assert_eq!((a["state"].as_str(), b["state"].as_str()), (Some("confirmed"), Some("confirmed")));
        assert_eq!((c["state"].as_str(), c["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)));
        assert_eq!((d["state"].as_str(), d["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)), "one line per attendance");

        // switching attendance leaves the seat and queues anew
        let (_, moved) = put_rsvp(&app, &id, &crowd[0].1, json!({"answer": "yes", "attendance": "remote"})).await;
        assert_eq!((moved["state"].as_str(), moved["waitlist_position"].as_i64()), (Some("waitlisted"), Some(2)));
        let (_, d) = api(&app, reqwest::Method::GET, &format!("/api/v1/meetings/{id}/rsvp"), Some(&crowd[3].1), None).await;
        assert_eq!(d["state"], "confirmed", "the freed seat went to the next in person");

        // an in-person meeting has no remote attendance
        let (_, _, room) = {
            let admin = app.add_person("other-admin@club.example", None, true, false);
            let token = app.api_token(&admin);
            let (_, created) = api(&app, reqwest::Method::POST, "/api/v1/meetings", Some(&token), Some(&json!({
                "kind": "december_session", "title": "Réunion de décembre", "starts_at_local": "2099-12-07T14:00"
            }))).await;
            (admin, token, created["id"].as_str().expect("id").to_owned())
        };
        let (_, only) = put_rsvp(&app, &room, &crowd[1].1, json!({"answer": "yes", "attendance": "remote"})).await;
        assert_eq!(only["attendance"], "in_person");
    }

    async fn more_seats_let_the_line_in_and_fewer_than_given_are_refused(backend: Backend) {
        let app = spawn_app(backend).await;
        let (_, admin_token, id) = meeting(&app, json!({"capacity": 2})).await;
        let crowd = people(&app, "s", 4);
        for (_, token) in &crowd {
            put_rsvp(&app, &id, token, json!({"answer": "yes"})).await;
        }
        let path = format!("/api/v1/meetings/{id}");
        let (status, problem) = api(&app, reqwest::Method::PATCH, &path, Some(&admin_token), Some(&json!({"capacity": 1}))).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["field"], "capacity");
        assert!(problem["errors"][0]["message"].as_str().expect("text").contains("2 personnes"));

        let (status, _) = api(&app, reqwest::Method::PATCH, &path, Some(&admin_token), Some(&json!({"capacity": 3}))).await;
        assert_eq!(status, 200);
        let all = everyone(&app, &id, &admin_token).await;
        assert_eq!(with_state(&all, "confirmed").len(), 3);
        assert_eq!(waiting_list(&all), vec![crowd[3].0.id.clone()]);
        let mail = sent_with(&app, "Une place pour vous", 1).await;
        assert_eq!(mail[0].to, crowd[2].0.email);

        // `null` lifts the limit: everyone is in; an absent field changes nothing
        let (status, changed) = api(&app, reqwest::Method::PATCH, &path, Some(&admin_token), Some(&json!({"capacity": null}))).await;
        assert_eq!((status, changed["capacity"].clone()), (200, Value::Null));
        assert_eq!(with_state(&everyone(&app, &id, &admin_token).await, "confirmed").len(), 4);
        let (_, changed) = api(&app, reqwest::Method::PATCH, &path, Some(&admin_token), Some(&json!({"title": "Journée"}))).await;
        assert_eq!(changed["capacity"], Value::Null);
    }

    async fn no_longer_coming_keeps_what_was_written_and_frees_the_seat(backend: Backend) {
        let app = spawn_app(backend).await;
        let (_, admin_token, id) = meeting(&app, json!({"capacity": 1})).await;
        let mut crowd = people(&app, "tour", 2);
        let (second, second_token) = crowd.remove(1);
        let (first, token) = crowd.remove(0);
        let written = json!({
            "answer": "yes",
            "project_highlight": "Actes d'état-civil en ligne",
            "wished_development": "Un connecteur COMEDEC",
            "comment": "Arrivée à 10 h",
            "listed": true,
        });
        assert_eq!(put_rsvp(&app, &id, &token, written).await.0, 200);
        assert_eq!(put_rsvp(&app, &id, &second_token, json!({"answer": "yes"})).await.1["state"], "waitlisted");

        let path = format!("/api/v1/meetings/{id}/rsvp");
        let (status, _) = api(&app, reqwest::Method::DELETE, &path, Some(&token), None).await;
        assert_eq!(status, 204);
        let (_, mine) = api(&app, reqwest::Method::GET, &path, Some(&token), None).await;
        assert_eq!(
            (&mine["answer"], &mine["state"], &mine["project_highlight"], &mine["wished_development"], &mine["comment"], &mine["listed"]),
            (&json!("no"), &json!("declined"), &json!("Actes d'état-civil en ligne"), &json!("Un connecteur COMEDEC"), &json!("Arrivée à 10 h"), &json!(true))
        );
        let all = everyone(&app, &id, &admin_token).await;
        let state = |who: &TestPerson| all.iter().find(|r| r["person"]["id"] == who.id.as_str()).map(|r| r["state"].clone());
        assert_eq!(state(&second), Some(json!("confirmed")), "the seat went to the next in line");
        assert_eq!(state(&first), Some(json!("declined")));

        // an organizer's removal takes the answer and its words away
        let (status, _) = api(&app, reqwest::Method::DELETE, &format!("/api/v1/meetings/{id}/rsvps/{}", first.id), Some(&admin_token), None).await;
        assert_eq!(status, 204);
        let all = everyone(&app, &id, &admin_token).await;
        assert!(all.iter().all(|r| r["person"]["id"] != first.id.as_str()), "{all:?}");
    }

    async fn after_the_deadline_only_organizers_change_answers(backend: Backend) {
        let app = spawn_app(backend).await;
        let (admin, admin_token, id) = meeting(&app, json!({"capacity": 10, "rsvp_deadline": "2099-06-01T12:00"})).await;
        let (member, token) = people(&app, "late", 1).remove(0);
        let (status, _) = put_rsvp(&app, &id, &token, json!({"answer": "yes"})).await;
        assert_eq!(status, 200);
        app.with_conn(|conn| {
            use diesel::prelude::*;
            use quorum::db::schema::meetings;
            diesel::update(meetings::table.find(&id))
                .set(meetings::rsvp_deadline.eq(quorum::db::now() - chrono::Duration::hours(1)))
                .execute(conn)
                .expect("deadline moved");
        });
        let (status, problem) = put_rsvp(&app, &id, &token, json!({"answer": "no"})).await;
        assert_eq!(status, 403);
        assert!(problem["detail"].as_str().expect("detail").contains("date limite"), "{problem}");
        let (status, _) = api(&app, reqwest::Method::DELETE, &format!("/api/v1/meetings/{id}/rsvp"), Some(&token), None).await;
        assert_eq!(status, 403);
        let (_, mine) = api(&app, reqwest::Method::GET, &format!("/api/v1/meetings/{id}/rsvp"), Some(&token), None).await;
        assert_eq!(mine["answer"], "yes", "unchanged");

        // the organizer still answers for themselves and for the member
        let (status, _) = put_rsvp(&app, &id, &admin_token, json!({"answer": "yes"})).await;
        assert_eq!(status, 200);
        let path = format!("/api/v1/meetings/{id}/rsvps/{}", member.id);
        let (status, changed) = api(&app, reqwest::Method::PUT, &path, Some(&admin_token), Some(&json!({"answer": "no"}))).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!(changed["state"], "declined");
        // …but a member cannot answer for someone else
        let path = format!("/api/v1/meetings/{id}/rsvps/{}", admin.id);
        let (status, _) = api(&app, reqwest::Method::PUT, &path, Some(&token), Some(&json!({"answer": "no"}))).await;
        assert_eq!(status, 403);
    }

    async fn outsiders_wait_for_an_organizer(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (_, admin_token, id) = meeting(&app, json!({"capacity": 10, "approval_required": true})).await;
        let member = app.add_person("agent@strasbourg.example", Some("strasbourg"), false, false);
        let observer = app.add_person("agent@oullins.example", Some("oullins"), false, false);
        let nobody = app.add_person("consultant@ailleurs.example", None, false, false);
        let (tm, to, tn) = (app.api_token(&member), app.api_token(&observer), app.api_token(&nobody));
        assert_eq!(put_rsvp(&app, &id, &tm, json!({"answer": "yes"})).await.1["state"], "confirmed");
        assert_eq!(put_rsvp(&app, &id, &to, json!({"answer": "yes"})).await.1["state"], "awaiting_approval");
        let (_, waiting) = put_rsvp(&app, &id, &tn, json!({"answer": "yes"})).await;
        assert_eq!((waiting["state"].as_str(), waiting["approval"].as_str()), (Some("awaiting_approval"), Some("pending")));

        // a member may not decide
        let approve = |person: &str| format!("/api/v1/meetings/{id}/rsvps/{person}/approve");
        let (status, _) = api(&app, reqwest::Method::POST, &approve(&observer.id), Some(&tm), None).await;
        assert_eq!(status, 403);

        let (status, approved) = api(&app, reqwest::Method::POST, &approve(&observer.id), Some(&admin_token), None).await;
        assert_eq!(status, 200, "{approved}");
        assert_eq!(approved["state"], "confirmed");
        let refuse = format!("/api/v1/meetings/{id}/rsvps/{}/refuse", nobody.id);
        let (_, refused) = api(&app, reqwest::Method::POST, &refuse, Some(&admin_token), None).await;
        assert_eq!(refused["state"], "refused");
        // answering again does not get round the decision
        assert_eq!(put_rsvp(&app, &id, &tn, json!({"answer": "yes", "comment": "svp"})).await.1["state"], "refused");
        // approving again sends nothing new
        api(&app, reqwest::Method::POST, &approve(&observer.id), Some(&admin_token), None).await;

        let mails = app.wait_for_mail(3).await;
        let subjects: Vec<(String, String)> = mails.iter().map(|m| (m.to.clone(), subject(m))).collect();
        assert!(subjects.contains(&(observer.email.clone(), "Votre inscription est acceptée : Journée de printemps".into())), "{subjects:?}");
        assert!(subjects.contains(&(nobody.email.clone(), "Votre inscription n'est pas retenue : Journée de printemps".into())), "{subjects:?}");
        assert!(subjects.contains(&(member.email.clone(), "Inscription confirmée : Journée de printemps".into())), "{subjects:?}");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(app.sent_mail().len(), 3, "one message each");
    }

    async fn bad_answers_change_nothing(backend: Backend) {
        let app = spawn_app(backend).await;
        let (_, admin_token, id) = meeting(&app, json!({"capacity": 10})).await;
        let (_, token) = people(&app, "bad", 1).remove(0);
        let (status, problem) = put_rsvp(&app, &id, &token, json!({"answer": "perhaps", "attendance": "teleport", "comment": "x".repeat(2001)})).await;
        assert_eq!(status, 422);
        let fields: Vec<&str> = problem["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().expect("field")).collect();
        assert_eq!(fields, ["answer", "attendance", "comment"]);
        let (status, _) = put_rsvp(&app, &id, &token, json!({"answer": "yes", "colour": "blue"})).await;
        assert_eq!(status, 422, "an unknown field is named, not ignored");
        assert!(everyone(&app, &id, &admin_token).await.is_empty());

        let (status, _) = put_rsvp(&app, "no-such-meeting", &token, json!({"answer": "yes"})).await;
        assert_eq!(status, 404);
        let (status, _) = api(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{id}/rsvp"), None, Some(&json!({"answer": "yes"}))).await;
        assert_eq!(status, 401);
        let (status, _) = api(&app, reqwest::Method::GET, &format!("/api/v1/meetings/{id}/rsvps"), Some(&token), None).await;
        assert_eq!(status, 403, "the list is for organizers");

        // a draft does not exist for members; a cancelled meeting takes no answers
        let (status, _) = api(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), Some(&admin_token), Some(&json!({"status": "draft"}))).await;
        assert_eq!(status, 200);
        assert_eq!(put_rsvp(&app, &id, &token, json!({"answer": "yes"})).await.0, 404);
        api(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), Some(&admin_token), Some(&json!({"status": "scheduled"}))).await;
        api(&app, reqwest::Method::POST, &format!("/api/v1/meetings/{id}/cancel"), Some(&admin_token), None).await;
        let (status, problem) = put_rsvp(&app, &id, &token, json!({"answer": "yes"})).await;
        assert_eq!(status, 409);
        assert!(problem["detail"].as_str().expect("detail").contains("annulée"));
        assert!(everyone(&app, &id, &admin_token).await.is_empty());
    }

    async fn seat_counts_equal_a_recount_after_a_mixed_crowd(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (_, admin_token, hybrid) =
            meeting(&app, json!({"format": "hybrid", "capacity": 12, "remote_capacity": 6})).await;
        let (status, created) = api(&app, reqwest::Method::POST, "/api/v1/meetings", Some(&admin_token), Some(&json!({
            "kind": "december_session", "title": "Réunion de décembre", "starts_at_local": "2099-12-07T14:00",
            "format": "hybrid", "capacity": 10, "remote_capacity": 5, "organization_quota": 2,
        }))).await;
        assert_eq!(status, 201, "{created}");
        let quota = created["id"].as_str().expect("id").to_owned();
        let bodies = [Some("grand-lyon"), Some("nancy"), Some("strasbourg"), None];
        let crowd: Vec<String> = (0..80)
            .map(|i| {
                let person = app.add_person(&format!("mix{i:03}@club.example"), bodies[i % 4], false, false);
                app.api_token(&person)
            })
            .collect();

        // each person answers both meetings four times in a row, all of
        // them at once: yes in person, yes remote, no, maybe, withdrawn
        let steps = ["in_person", "remote", "no", "maybe", "withdraw", "in_person"];
        let crowd_runs = futures_util::stream::iter(crowd.iter().enumerate().map(|(i, token)| {
            let (hybrid, quota, steps) = (&hybrid, &quota, &steps);
            let app = &app;
            async move {
                for (n, k) in [i, i * 7 + 1, i * 5 + 2, i + 3].into_iter().enumerate() {
                    let meeting = if (i + n) % 2 == 0 { hybrid } else { quota };
                    let path = format!("/api/v1/meetings/{meeting}/rsvp");
                    let (status, body) = match steps[k % steps.len()] {
                        "withdraw" => api(app, reqwest::Method::DELETE, &path, Some(token), None).await,
                        "no" | "maybe" => put_rsvp(app, meeting, token, json!({"answer": steps[k % steps.len()]})).await,
                        attendance => put_rsvp(app, meeting, token, json!({"answer": "yes", "attendance": attendance})).await,
                    };
                    assert!([200, 204].contains(&status), "{status} {body}");
                }
            }
        }))
        .buffer_unordered(32)
        .collect::<Vec<()>>();
        // meanwhile the organizer changes the seats (a change below the seats
        // given is refused: 422)
        let changes = async {
            for fields in [
                json!({"capacity": 14}), json!({"remote_capacity": 3}), json!({"capacity": 8}),
                json!({"capacity": 16, "remote_capacity": 8}), json!({"capacity": 9}),
            ] {
                for meeting in [&hybrid, &quota] {
                    let path = format!("/api/v1/meetings/{meeting}");
                    let (status, body) = api(&app, reqwest::Method::PATCH, &path, Some(&admin_token), Some(&fields)).await;
                    assert!([200, 422].contains(&status), "{status} {body}");
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        };
        tokio::join!(crowd_runs, changes);

        for meeting in [&hybrid, &quota] {
            let (counted, recount, unchanged) = app.with_conn(|conn| {
                use diesel::prelude::*;
                use quorum::db::schema::rsvps;
                let counted = quorum::db::rsvps::seats(conn, meeting).expect("counters");
                let rows: Vec<(String, String)> = rsvps::table
                    .filter(rsvps::meeting_id.eq(meeting))
                    .select((rsvps::attendance, rsvps::state))
                    .load(conn)
                    .expect("answers");
                let n = |attendance: &str| {
                    i32::try_from(rows.iter().filter(|(a, s)| a == attendance && s == "confirmed").count()).expect("small")
                };
                // the whole rule, run again, changes nothing: the answers
                // were settled
                let settled = quorum::db::write_transaction(conn, |conn| quorum::db::rsvps::resettle(conn, meeting))
                    .expect("resettled");
                let place = |p: &quorum::db::rsvps::Participant| {
                    (p.person.id.clone(), p.rsvp.state.clone(), p.rsvp.waitlist_ticket, p.rsvp.waitlist_reason.clone())
                };
                let before: Vec<_> = settled.before.iter().map(place).collect();
                let after: Vec<_> = settled.after.iter().map(place).collect();
                (counted, (n("in_person"), n("remote")), before == after)
            });
            assert_eq!(counted, recount, "the seats counted with the meeting are its confirmed answers");
            assert!(unchanged, "every answer placed as the whole rule places it");
            let all = everyone(&app, meeting, &admin_token).await;
            let (_, m) = api(&app, reqwest::Method::GET, &format!("/api/v1/meetings/{meeting}"), Some(&admin_token), None).await;
            for (attendance, limit) in [("in_person", &m["capacity"]), ("remote", &m["remote_capacity"])] {
                let of = |state: &str| with_state(&all, state).into_iter().filter(|r| r["attendance"] == attendance).count();
                let limit = usize::try_from(limit.as_i64().expect("a limit")).expect("positive");
                assert!(of("confirmed") <= limit, "{attendance}: {} seats for {limit}", of("confirmed"));
                let line: Vec<Value> = with_state(&all, "waitlisted").into_iter().filter(|r| r["attendance"] == attendance).cloned().collect();
                waiting_list(&line);
            }
        }
    }

    async fn answers_arriving_together_commit_once_and_fail_alone(backend: Backend) {
        use quorum::domain::error::AppError;
        use quorum::domain::rsvps::{AnswerInput, CheckedAnswer};
        use std::sync::atomic::Ordering;

        let app = spawn_app(backend).await;
        let (_, admin_token, id) = meeting(&app, json!({"capacity": 5})).await;
        let crowd = people(&app, "t", 20);
        let yes = CheckedAnswer::parse(&AnswerInput {
            answer: "yes".into(),
            ..AnswerInput::default()
        })
        .expect("a valid answer");
        // a pool of its own, so that its commits are these changes' alone
        let db = quorum::db::Db::connect(app.db.url(), 4).expect("a second pool");
        let commits = db.commits();
        let failing = 7;

        // join_all polls every change once before the first is written:
        // they all wait in the meeting's line
        let changes = crowd.iter().enumerate().map(|(i, (person, _))| {
            let (meeting, person_id, yes) = (id.clone(), person.id.clone(), yes.clone());
            db.change_answers(id.clone(), move |conn| {
                let person = quorum::db::people::find(conn, &person_id)?.ok_or(AppError::NotFound)?;
                let settled = quorum::db::rsvps::answer(conn, &meeting, &person, &yes, |_| Ok(()))?;
                if i == failing {
                    return Err(AppError::Conflict("refusée après avoir écrit".into()));
                }
                Ok(settled.answer_of(&person_id).expect("placed").rsvp.state.clone())
            })
        });
        let outcomes = join_all(changes).await;

        assert_eq!(commits.load(Ordering::Acquire), 1, "twenty changes, one commit");
        for (i, outcome) in outcomes.iter().enumerate() {
            match outcome {
                Err(AppError::Conflict(_)) if i == failing => {}
                Ok(_) if i != failing => {}
                other => panic!("change {i}: {other:?}"),
            }
        }
        let told: Vec<&str> = outcomes.iter().flatten().map(String::as_str).collect();
        assert_eq!(told.iter().filter(|s| **s == "confirmed").count(), 5, "{told:?}");
        assert_eq!(told.iter().filter(|s| **s == "waitlisted").count(), 14, "{told:?}");
        // in the order they arrived, the failed change's writes gone alone
        let all = everyone(&app, &id, &admin_token).await;
        assert_eq!(all.len(), 19, "the failed change left no answer");
        assert!(!all.iter().any(|r| r["person"]["id"] == crowd[failing].0.id.as_str()));
        let seated: HashSet<&str> = with_state(&all, "confirmed")
            .iter()
            .map(|r| r["person"]["id"].as_str().expect("id"))
            .collect();
        let first_five: HashSet<&str> = crowd[..5].iter().map(|(p, _)| p.id.as_str()).collect();
        assert_eq!(seated, first_five);
        assert_eq!(waiting_list(&all).len(), 14);
        let counted = app.with_conn(|conn| quorum::db::rsvps::seats(conn, &id).expect("counters"));
        assert_eq!(counted, (5, 0), "the seat counters saw the rollback");
    }
}

/// Two meetings' batches that lock the same people's feed versions in
/// opposite orders: PostgreSQL ends one change to break the deadlock; it
/// goes into its line's next batch, after its own batch committed and let
/// the other go on. Every answer is saved; none fails.
#[tokio::test]
async fn a_deadlock_between_two_batches_costs_a_wait_not_an_answer() {
    use quorum::domain::error::AppError;
    use quorum::domain::rsvps::{AnswerInput, CheckedAnswer};
    use std::sync::mpsc;
    use std::time::Duration;

    if crate::helpers::postgres_admin_url().is_none() {
        return;
    }
    let app = spawn_app(crate::helpers::Backend::Postgres).await;
    let (_, admin_token, first) = meeting(&app, json!({"capacity": 5})).await;
    let (status, created) = api(&app, reqwest::Method::POST, "/api/v1/meetings", Some(&admin_token), Some(&json!({
        "kind": "december_session", "title": "Réunion de décembre", "starts_at_local": "2099-12-07T14:00",
        "capacity": 5,
    })))
    .await;
    assert_eq!(status, 201, "{created}");
    let second = created["id"].as_str().expect("id").to_owned();
    let pair = people(&app, "d", 2);
    let (one, two) = (pair[0].0.id.clone(), pair[1].0.id.clone());
    let yes = CheckedAnswer::parse(&AnswerInput {
        answer: "yes".into(),
        ..AnswerInput::default()
    })
    .expect("a valid answer");

    // the first change of each batch answers for one person, then waits
    // until the other batch's first change has answered for the other
    let (first_done, first_seen) = mpsc::channel::<()>();
    let (second_done, second_seen) = mpsc::channel::<()>();
    let answer =
        |meeting: &str, person: &str, handshake: Option<(mpsc::Sender<()>, mpsc::Receiver<()>)>| {
            let (meeting, person, yes) = (meeting.to_owned(), person.to_owned(), yes.clone());
            let mut handshake = handshake;
            app.db.change_answers(meeting.clone(), move |conn| {
                let found = quorum::db::people::find(conn, &person)?.ok_or(AppError::NotFound)?;
                quorum::db::rsvps::answer(conn, &meeting, &found, &yes, |_| Ok(()))?;
                if let Some((done, other)) = handshake.take() {
                    done.send(()).ok();
                    other
                        .recv_timeout(Duration::from_secs(10))
                        .map_err(|_| AppError::internal("the other batch never answered"))?;
                }
                Ok(())
            })
        };
    let outcomes = join_all([
        answer(&first, &one, Some((first_done, second_seen))),
        answer(&first, &two, None),
        answer(&second, &two, Some((second_done, first_seen))),
        answer(&second, &one, None),
    ])
    .await;
    for (i, outcome) in outcomes.iter().enumerate() {
        assert!(outcome.is_ok(), "change {i}: {outcome:?}");
    }
    for id in [&first, &second] {
        let all = everyone(&app, id, &admin_token).await;
        assert_eq!(with_state(&all, "confirmed").len(), 2, "{all:?}");
    }
}
