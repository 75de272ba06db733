//! Calls for hosts through the API: the whole path from the call to the
//! scheduled plenary, two admins accepting at once, who may do what, and
//! bad input.

use chrono::Datelike;
use futures_util::future::join;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestPerson, mail_to, send, spawn_demo_app};
use crate::on_both_backends;

const POST: reqwest::Method = reqwest::Method::POST;
const GET: reqwest::Method = reqwest::Method::GET;
const PUT: reqwest::Method = reqwest::Method::PUT;

/// Next year: the plenary the calls of these tests look for.
fn year() -> i32 {
    chrono::Utc::now().year() + 1
}

/// The people of a call: an admin, a manager of Grand Lyon, one of
/// Montpellier, and two members without a role; each with a token.
struct Cast {
    admin: String,
    lyon: String,
    lyon_manager: TestPerson,
    montpellier: String,
    montpellier_manager: TestPerson,
    member: String,
    other_member: String,
}

fn cast(app: &TestApp) -> Cast {
    let admin = app.add_person("coordination@club.example", None, true, false);
    let lyon_manager = app.add_person(
        "gestion@grand-lyon.example",
        Some("grand-lyon"),
        false,
        true,
    );
    let montpellier_manager = app.add_person(
        "gestion@montpellier.example",
        Some("montpellier"),
        false,
        true,
    );
    let member = app.add_person("etat-civil@arles.example", Some("arles"), false, false);
    let other_member = app.add_person("dsi@nancy.example", Some("nancy"), false, false);
    Cast {
        admin: app.api_token(&admin),
        lyon: app.api_token(&lyon_manager),
        lyon_manager,
        montpellier: app.api_token(&montpellier_manager),
        montpellier_manager,
        member: app.api_token(&member),
        other_member: app.api_token(&other_member),
    }
}

async fn open_call(app: &TestApp, admin: &str) -> String {
    let y = year();
    let (status, call) = send(
        app,
        POST,
        "/api/v1/hosting-calls",
        admin,
        Some(json!({
            "title": format!("Appel à accueil : rencontre de printemps {y}"),
            "year": y,
            "wished_period_start": format!("{y}-06-01"),
            "wished_period_end": format!("{y}-06-30"),
            "deadline": format!("{y}-03-15"),
            "requirements": "- une salle pour 60 personnes\n- écran et son\n- déjeuner",
        })),
    )
    .await;
    assert_eq!(status, 201, "{call}");
    assert_eq!(call["open"], true);
    call["id"].as_str().expect("id").to_owned()
}

fn proposal(organization: &str, dates: &[(&str, &str)], venue: &str, capacity: i64) -> Value {
    let y = year();
    json!({
        "organization": organization,
        "candidate_dates": dates.iter().map(|(s, e)| json!({
            "starts_at_local": format!("{y}-{s}"),
            "ends_at_local": format!("{y}-{e}"),
        })).collect::<Vec<_>>(),
        "time_zone": "Europe/Paris",
        "venue": {"name": venue, "address": "20 rue du Lac", "city": "Lyon", "directions": "Métro B"},
        "accessibility": "Salle de plain-pied",
        "capacity": capacity,
        "has_screen": true,
        "has_sound": true,
        "catering": "Déjeuner sur place",
        "contact": {"name": "Chef de projet", "email": "gru@grand-lyon.example", "phone": "04 00 00 00 00"},
    })
}

async fn propose(app: &TestApp, call: &str, token: &str, body: Value) -> (u16, Value) {
    send(
        app,
        POST,
        &format!("/api/v1/hosting-calls/{call}/proposals"),
        token,
        Some(body),
    )
    .await
}

async fn act(
    app: &TestApp,
    proposal: &str,
    action: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    send(
        app,
        POST,
        &format!("/api/v1/host-proposals/{proposal}/{action}"),
        token,
        body,
    )
    .await
}

/// Lyon (two June dates) and Montpellier (one June date) propose.
async fn two_proposals(app: &TestApp, call: &str, c: &Cast) -> (String, String) {
    let (status, lyon) = propose(
        app,
        call,
        &c.lyon,
        proposal(
            "grand-lyon",
            &[
                ("06-10T09:30", "06-10T17:00"),
                ("06-17T09:30", "06-17T17:00"),
            ],
            "Hôtel de la Métropole",
            80,
        ),
    )
    .await;
    assert_eq!(status, 201, "{lyon}");
    let (status, montpellier) = propose(
        app,
        call,
        &c.montpellier,
        proposal(
            "montpellier",
            &[("06-15T09:30", "06-15T17:00")],
            "Hôtel de Métropole",
            60,
        ),
    )
    .await;
    assert_eq!(status, 201, "{montpellier}");
    (
        lyon["id"].as_str().expect("id").to_owned(),
        montpellier["id"].as_str().expect("id").to_owned(),
    )
}

/// The outbox's messages of `kind`, as (recipient, dedupe key).
fn queued(app: &TestApp, kind: &str) -> Vec<String> {
    app.with_conn(|conn| {
        quorum::infra::mail::outbox::list_recent(conn, None, 10_000)
            .expect("outbox")
            .into_iter()
            .filter(|m| m.kind == kind)
            .map(|m| m.recipient)
            .collect()
    })
}

fn events(proposal: &Value) -> Vec<String> {
    proposal["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["event"].as_str().expect("event").to_owned())
        .collect()
}

/// The subject of the first mail sent to `to`, as a client reads it.
async fn subject_to(app: &TestApp, to: &str) -> String {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let sent = app.sent_mail();
        if let Some(subject) = sent
            .iter()
            .filter(|m| m.to == to)
            .find_map(|m| crate::smtp::parse(&m.raw).subject().map(str::to_owned))
        {
            return subject;
        }
        assert!(tokio::time::Instant::now() < deadline, "no mail to {to}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

on_both_backends! {
    async fn a_body_may_not_support_its_own_proposal_through_the_api(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let c = cast(&app);
        let call = open_call(&app, &c.admin).await;
        let (lyon, _) = two_proposals(&app, &call, &c).await;
        let colleague = app.add_person("etat-civil@grand-lyon.example", Some("grand-lyon"), false, false);
        let colleague = app.api_token(&colleague);
        for token in [&c.lyon, &colleague] {
            let (status, refused) = act(&app, &lyon, "support", token, Some(json!({"comment": "Chez nous !"}))).await;
            assert_eq!(status, 403, "{refused}");
            assert!(refused["detail"].as_str().expect("detail").contains("propre collectivité"), "{refused}");
        }
        let (status, supported) = act(&app, &lyon, "support", &c.montpellier, None).await;
        assert_eq!(status, 200, "another body's manager supports it: {supported}");
        assert_eq!((supported["support_count"].as_i64(), supported["supporting_organizations"].as_i64()), (Some(1), Some(1)));
    }

    async fn a_call_s_mail_says_call_for_hosts_once(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let c = cast(&app);
        app.with_conn(|conn| {
            use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
            use quorum::db::schema::people::dsl as p;
            diesel::update(p::people.filter(p::email.eq("dsi@nancy.example"))).set(p::language.eq("en")).execute(conn).expect("english");
        });
        open_call(&app, &c.admin).await;
        let y = year();
        assert_eq!(subject_to(&app, "etat-civil@arles.example").await, format!("Appel à accueil : rencontre de printemps {y}"));
        assert_eq!(subject_to(&app, "dsi@nancy.example").await, format!("Call for hosts: rencontre de printemps {y}"));
    }

    async fn a_call_finds_its_host_through_the_api(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let c = cast(&app);
        let call = open_call(&app, &c.admin).await;
        assert!(
            queued(&app, "hosting_call_opened").contains(&"etat-civil@arles.example".to_owned()),
            "members are told of the call"
        );
        let (lyon, montpellier) = two_proposals(&app, &call, &c).await;

        // supports: once per person, a comment kept, counted per body
        let (status, supported) = act(&app, &lyon, "support", &c.member, Some(json!({"comment": "Facile d'accès en train"}))).await;
        assert_eq!(status, 200, "{supported}");
        let (status, _) = act(&app, &lyon, "support", &c.member, Some(json!({"comment": "Facile d'accès"}))).await;
        assert_eq!(status, 200);
        let (_, supported) = act(&app, &lyon, "support", &c.other_member, None).await;
        assert_eq!(supported["support_count"], 2, "{supported}");
        assert_eq!(supported["supporting_organizations"], 2);
        assert_eq!(supported["supports"][0]["comment"], "Facile d'accès");
        let (_, supported) = act(&app, &montpellier, "support", &c.member, None).await;
        assert_eq!(supported["support_count"], 1);

        // shortlist both, then accept Lyon's second date
        for id in [&lyon, &montpellier] {
            let (status, shortlisted) = act(&app, id, "shortlist", &c.admin, None).await;
            assert_eq!(status, 200, "{shortlisted}");
            assert_eq!(shortlisted["state"], "shortlisted");
        }
        // the members are polled on the shortlisted dates; closing the poll accepts
        let (status, poll) = send(&app, POST, &format!("/api/v1/hosting-calls/{call}/date-poll"), &c.admin, None).await;
        assert_eq!(status, 201, "{poll}");
        let poll_id = poll["id"].as_str().expect("id").to_owned();
        let (status, again) = send(&app, POST, &format!("/api/v1/hosting-calls/{call}/date-poll"), &c.admin, None).await;
        assert_eq!((status, again["id"].as_str()), (200, Some(poll_id.as_str())), "one open poll per call");
        let slots: Vec<(&str, &str)> = poll["slots"]
            .as_array()
            .expect("slots")
            .iter()
            .map(|s| (s["host_organization"].as_str().expect("host"), s["starts_at_local"].as_str().expect("start")))
            .collect();
        let y = year();
        assert_eq!(
            slots,
            [
                ("grand-lyon", format!("{y}-06-10T09:30").as_str()),
                ("montpellier", format!("{y}-06-15T09:30").as_str()),
                ("grand-lyon", format!("{y}-06-17T09:30").as_str()),
            ]
        );
        let (status, refused) = send(&app, POST, &format!("/api/v1/hosting-calls/{call}/date-poll"), &c.member, None).await;
        assert_eq!(status, 403, "{refused}");
        for (token, answer) in [(&c.member, "yes"), (&c.other_member, "if_need_be")] {
            let body = json!({"answers": [{"slot": 0, "answer": "no"}, {"slot": 1, "answer": "no"}, {"slot": 2, "answer": answer}]});
            let (status, answered) = send(&app, PUT, &format!("/api/v1/date-polls/{poll_id}/answers"), token, Some(body)).await;
            assert_eq!(status, 200, "{answered}");
        }
        let (status, meeting) = send(&app, POST, &format!("/api/v1/date-polls/{poll_id}/close"), &c.admin, Some(json!({"slot": 2}))).await;
        assert_eq!(status, 200, "{meeting}");
        assert_eq!(meeting["kind"], "spring_plenary");
        assert_eq!(meeting["title"], format!("Rencontre de printemps {}", year()));
        assert_eq!(meeting["status"], "scheduled");
        assert_eq!(meeting["host_organization"], "grand-lyon");
        assert_eq!(meeting["venue"]["name"], "Hôtel de la Métropole");
        assert_eq!(meeting["capacity"], 80);
        assert_eq!(meeting["starts_at"], format!("{}-06-17T09:30:00+02:00", year()));
        assert_eq!(meeting["ends_at"], format!("{}-06-17T17:00:00+02:00", year()));
        let meeting_id = meeting["id"].as_str().expect("id").to_owned();

        let (_, file) = send(&app, GET, &format!("/api/v1/hosting-calls/{call}"), &c.member, None).await;
        assert_eq!(file["open"], false);
        assert_eq!(file["meeting"], meeting_id.as_str());
        let (_, poll) = send(&app, GET, &format!("/api/v1/date-polls/{poll_id}"), &c.member, None).await;
        assert_eq!((poll["state"].as_str(), poll["meeting"].as_str()), (Some("closed"), Some(meeting_id.as_str())));
        let mut invited = queued(&app, "invitation");
        invited.sort();
        assert_eq!(invited, ["dsi@nancy.example", "etat-civil@arles.example"], "those available are invited");
        let states: Vec<(&str, &str)> = file["proposals"]
            .as_array()
            .expect("proposals")
            .iter()
            .map(|p| (p["organization"].as_str().expect("slug"), p["state"].as_str().expect("state")))
            .collect();
        assert_eq!(states, [("grand-lyon", "accepted"), ("montpellier", "declined")]);
        assert_eq!(file["proposals"][0]["accepted_candidate_date"], 1);
        assert_eq!(events(&file["proposals"][0]), ["submitted", "shortlisted", "accepted"]);
        assert_eq!(events(&file["proposals"][1]), ["submitted", "shortlisted", "declined"]);
        assert!(file["proposals"][0]["history"][2]["by"].is_string(), "who decided is recorded");

        // the bodies and the members are told, once
        // (the demo's managers of both bodies too)
        let sorted = |mut v: Vec<String>| { v.sort(); v };
        assert_eq!(
            sorted(queued(&app, "host_proposal_accepted")),
            ["chef.projet@grand-lyon.example", c.lyon_manager.email.as_str()]
        );
        assert_eq!(
            sorted(queued(&app, "host_proposal_declined")),
            ["chef.projet@montpellier.example", c.montpellier_manager.email.as_str()]
        );
        let chosen = queued(&app, "host_chosen");
        assert!(chosen.contains(&"etat-civil@arles.example".to_owned()), "{chosen:?}");
        assert!(!chosen.contains(&c.lyon_manager.email), "the host's people have their own message");
        let (text, html, _) = mail_to(&app, &c.lyon_manager.email, "Proposition retenue").await;
        let when = format!("jeudi 17 juin {}, 9 h 30 – 17 h 00", year());
        assert!(text.contains(&when) && text.contains("Hôtel de la Métropole"), "{text}");
        assert!(text.contains(&format!("/meetings/{meeting_id}")), "{text}");
        assert!(html.contains("Hôtel de la Métropole"), "{html}");
        let (text, _, _) = mail_to(&app, "etat-civil@arles.example", "La rencontre de printemps aura lieu chez").await;
        assert!(text.contains("Métropole de Lyon (Grand Lyon)") && text.contains(&when), "{text}");

        // accepting again changes nothing; accepting the other is refused
        let (status, again) = act(&app, &lyon, "accept", &c.admin, Some(json!({"candidate_date": 1}))).await;
        assert_eq!((status, again["id"].as_str()), (200, Some(meeting_id.as_str())));
        assert_eq!(queued(&app, "host_chosen").len(), chosen.len(), "no mail twice");
        let (status, refused) = act(&app, &montpellier, "accept", &c.admin, Some(json!({"candidate_date": 0}))).await;
        assert_eq!(status, 409, "{refused}");

        // the plenary is on the club's calendar
        let calendar = app.get("/calendar.ics").await.text().await.expect("feed");
        assert!(calendar.contains(&format!("UID:{meeting_id}")) || calendar.contains(&meeting_id), "the plenary is in the feed");
    }

    async fn two_admins_accepting_at_once_end_with_one_accepted(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let c = cast(&app);
        let second_admin = app.add_person("presidence@club.example", None, true, false);
        let second_admin = app.api_token(&second_admin);
        for round in 0..4 {
            let call = open_call(&app, &c.admin).await;
            let (lyon, montpellier) = two_proposals(&app, &call, &c).await;
            let ((s1, b1), (s2, b2)) = join(
                act(&app, &lyon, "accept", &c.admin, Some(json!({"candidate_date": 0}))),
                act(&app, &montpellier, "accept", &second_admin, Some(json!({"candidate_date": 0}))),
            )
            .await;
            let mut statuses = [s1, s2];
            statuses.sort_unstable();
            assert_eq!(statuses, [200, 409], "round {round}: {b1} {b2}");
            let (_, file) = send(&app, GET, &format!("/api/v1/hosting-calls/{call}"), &c.admin, None).await;
            let accepted = file["proposals"]
                .as_array()
                .expect("proposals")
                .iter()
                .filter(|p| p["state"] == "accepted")
                .count();
            assert_eq!(accepted, 1, "round {round}: {file}");
            let winner = if s1 == 200 { &b1 } else { &b2 };
            assert_eq!(file["meeting"], winner["id"], "round {round}: the call's meeting is the winner's");
        }
        let plenaries = app.with_conn(|conn| {
            quorum::db::meetings::list(conn, &quorum::db::meetings::MeetingFilter::default())
                .expect("meetings")
                .into_iter()
                .filter(|m| m.meeting.kind == "spring_plenary" && m.meeting.starts_at.year() == year())
                .count()
        });
        assert_eq!(plenaries, 4, "one plenary per call, none twice");
    }

    async fn only_managers_propose_and_only_admins_decide(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let c = cast(&app);
        let call = open_call(&app, &c.admin).await;
        let body = proposal("grand-lyon", &[("06-10T09:30", "06-10T17:00")], "Salle", 50);

        let (status, _) = send(&app, POST, "/api/v1/hosting-calls", &c.member, Some(json!({
            "title": "x", "year": year(), "wished_period_start": "2099-06-01",
            "wished_period_end": "2099-06-30", "deadline": "2099-03-01"}))).await;
        assert_eq!(status, 403, "members do not open calls");
        let (status, _) = propose(&app, &call, &c.member, body.clone()).await;
        assert_eq!(status, 403, "a member of no role");
        let (status, _) = propose(&app, &call, &c.montpellier, body.clone()).await;
        assert_eq!(status, 403, "another body's manager");
        let (status, _) = crate::helpers::api(&app, POST, &format!("/api/v1/hosting-calls/{call}/proposals"), None, Some(&body)).await;
        assert_eq!(status, 401, "a stranger");
        let (status, created) = propose(&app, &call, &c.lyon, body.clone()).await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().expect("id").to_owned();

        for action in ["shortlist", "decline"] {
            let (status, _) = act(&app, &id, action, &c.lyon, None).await;
            assert_eq!(status, 403, "{action} by the proposing manager");
        }
        let (status, _) = act(&app, &id, "accept", &c.member, Some(json!({"candidate_date": 0}))).await;
        assert_eq!(status, 403, "accept by a member");
        let (status, _) = act(&app, &id, "withdraw", &c.montpellier, None).await;
        assert_eq!(status, 403, "withdrawn by another body");
        let mut edited = body.clone();
        edited["capacity"] = json!(70);
        let (status, _) = send(&app, PUT, &format!("/api/v1/host-proposals/{id}"), &c.montpellier, Some(edited.clone())).await;
        assert_eq!(status, 403, "edited by another body");

        // strangers see the proposal, without its contact or supporters' names
        let (_, _) = act(&app, &id, "support", &c.member, Some(json!({"comment": "oui"}))).await;
        let (status, seen) = crate::helpers::api(&app, GET, &format!("/api/v1/host-proposals/{id}"), None, None).await;
        assert_eq!(status, 200);
        assert!(seen["contact"].is_null(), "{seen}");
        assert_eq!(seen["support_count"], 1);
        assert_eq!(seen["supports"], json!([]));

        // after the deadline: the manager may no longer edit, admins may
        app.with_conn(|conn| {
            use diesel::prelude::*;
            use quorum::db::schema::hosting_calls::dsl as h;
            diesel::update(h::hosting_calls.find(&call))
                .set(h::deadline.eq(chrono::Utc::now().date_naive() - chrono::Duration::days(1)))
                .execute(conn)
                .expect("deadline moved");
        });
        let (status, refused) = send(&app, PUT, &format!("/api/v1/host-proposals/{id}"), &c.lyon, Some(edited.clone())).await;
        assert_eq!(status, 409, "{refused}");
        let (status, _) = act(&app, &id, "withdraw", &c.lyon, None).await;
        assert_eq!(status, 409, "no withdrawal after the deadline");
        let (status, by_admin) = send(&app, PUT, &format!("/api/v1/host-proposals/{id}"), &c.admin, Some(edited)).await;
        assert_eq!(status, 200, "{by_admin}");
        assert_eq!(by_admin["capacity"], 70);
        assert_eq!(events(&by_admin), ["submitted", "edited"]);
        let (status, late) = propose(&app, &call, &c.montpellier, proposal("montpellier", &[("06-10T09:30", "06-10T17:00")], "Salle", 50)).await;
        assert_eq!(status, 409, "a proposal for a closed call: {late}");
    }

    async fn bad_proposals_are_refused_and_change_nothing(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let c = cast(&app);
        let call = open_call(&app, &c.admin).await;
        let fields = |body: &Value| -> Vec<String> {
            body["errors"]
                .as_array()
                .map(|e| e.iter().map(|e| e["field"].as_str().unwrap_or_default().to_owned()).collect())
                .unwrap_or_default()
        };

        let (status, body) = propose(&app, &call, &c.lyon, proposal("grand-lyon", &[], "Salle", 50)).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(fields(&body), ["candidate_dates[0].starts_at_local"]);

        let mut past = proposal("grand-lyon", &[], "Salle", 50);
        past["candidate_dates"] = json!([{"starts_at_local": "2020-06-10T09:30", "ends_at_local": "2020-06-10T17:00"}]);
        let (status, body) = propose(&app, &call, &c.lyon, past).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(fields(&body), ["candidate_dates[0].starts_at_local"]);

        let (status, body) = propose(&app, &call, &c.lyon, proposal("grand-lyon", &[("06-10T09:30", "06-10T17:00")], "Salle", 0)).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(fields(&body), ["capacity"]);

        let (status, body) = propose(&app, &call, &c.lyon, proposal("grand-lyon", &[("06-10T17:00", "06-10T09:30")], "", 50)).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(fields(&body), ["candidate_dates[0].ends_at_local", "venue_name"]);

        let (_, file) = send(&app, GET, &format!("/api/v1/hosting-calls/{call}"), &c.admin, None).await;
        assert_eq!(file["proposals"], json!([]), "nothing stored");

        // a date outside the wished period is said, not refused
        let (status, body) = propose(&app, &call, &c.lyon, proposal(
            "grand-lyon",
            &[("06-10T09:30", "06-10T17:00"), ("07-08T09:30", "07-08T17:00")],
            "Salle",
            50,
        )).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["warnings"][0]["field"], "candidate_dates[1].starts_at_local");
        assert_eq!(body["candidate_dates"].as_array().map(Vec::len), Some(2));

        // one live proposal per body
        let (status, _) = propose(&app, &call, &c.lyon, proposal("grand-lyon", &[("06-10T09:30", "06-10T17:00")], "Salle", 50)).await;
        assert_eq!(status, 409);
        // after withdrawing, the body may propose again
        let id = body["id"].as_str().expect("id");
        let (status, _) = act(&app, id, "withdraw", &c.lyon, None).await;
        assert_eq!(status, 200);
        let (status, _) = act(&app, id, "support", &c.member, None).await;
        assert_eq!(status, 409, "a withdrawn proposal takes no support");
        let (status, _) = propose(&app, &call, &c.lyon, proposal("grand-lyon", &[("06-10T09:30", "06-10T17:00")], "Salle", 50)).await;
        assert_eq!(status, 201);

        let (status, body) = act(&app, id, "accept", &c.admin, Some(json!({"candidate_date": 0}))).await;
        assert_eq!(status, 409, "a withdrawn proposal is not accepted: {body}");
    }

    async fn accepting_from_the_page_ends_the_call_poll(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let c = cast(&app);
        let call = open_call(&app, &c.admin).await;
        let (lyon, montpellier) = two_proposals(&app, &call, &c).await;
        let (status, _) = send(&app, POST, &format!("/api/v1/hosting-calls/{call}/date-poll"), &c.admin, None).await;
        assert_eq!(status, 409, "no poll before a shortlist");
        let (_, _) = act(&app, &lyon, "shortlist", &c.admin, None).await;
        let (_, poll) = send(&app, POST, &format!("/api/v1/hosting-calls/{call}/date-poll"), &c.admin, None).await;
        let poll_id = poll["id"].as_str().expect("id").to_owned();
        assert_eq!(poll["slots"].as_array().map(Vec::len), Some(2), "Lyon's two dates only: {poll}");

        // Montpellier's date was not polled: accepting it cancels the poll
        let (status, _) = act(&app, &montpellier, "accept", &c.admin, Some(json!({"candidate_date": 0}))).await;
        assert_eq!(status, 200);
        let (_, poll) = send(&app, GET, &format!("/api/v1/date-polls/{poll_id}"), &c.admin, None).await;
        assert_eq!(poll["state"], "cancelled");

        // another call: accepting a polled date closes the poll on it
        let call = open_call(&app, &c.admin).await;
        let (lyon, _) = two_proposals(&app, &call, &c).await;
        let (_, _) = act(&app, &lyon, "shortlist", &c.admin, None).await;
        let (_, poll) = send(&app, POST, &format!("/api/v1/hosting-calls/{call}/date-poll"), &c.admin, None).await;
        let poll_id = poll["id"].as_str().expect("id").to_owned();
        let (_, meeting) = act(&app, &lyon, "accept", &c.admin, Some(json!({"candidate_date": 1}))).await;
        let (_, poll) = send(&app, GET, &format!("/api/v1/date-polls/{poll_id}"), &c.admin, None).await;
        assert_eq!((poll["state"].as_str(), poll["chosen_slot"].as_i64()), (Some("closed"), Some(1)));
        assert_eq!(poll["meeting"], meeting["id"]);
    }
}
