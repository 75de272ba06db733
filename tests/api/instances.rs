//! Several instances on one PostgreSQL (issue 14): three `quorum serve`
//! processes and one real SMTP server; answers to a full meeting, sign-ins,
//! reminders coming due and a time change, spread over the three, and one
//! instance killed in the middle (SIGKILL, mail in hand and all). No seat is
//! given twice, nothing acknowledged is lost, every mail and every reminder
//! is queued once and arrives (the message a killed worker had in hand may
//! arrive twice, with the same Message-ID).

use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::process::Child;
use std::time::Duration;

use chrono::Utc;
use diesel::prelude::*;
use futures_util::StreamExt;
use quorum::db::schema::{outbox_messages, rsvps};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestDatabase, postgres_admin_url, test_database};
use crate::smtp::SmtpServer;

/// One `quorum serve`, killed when dropped.
struct Instance {
    child: Child,
    address: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl Instance {
    fn start(
        database: &TestDatabase,
        smtp: &SmtpServer,
        dir: &std::path::Path,
        name: &str,
    ) -> Self {
        let port = free_port();
        let log = std::fs::File::create(dir.join(format!("{name}.log"))).expect("a log file");
        // one club: the same base address in every mail, whichever
        // instance wrote it
        let child = smtp
            .quorum("serve", database, dir, log)
            .env("QUORUM_LISTEN", format!("127.0.0.1:{port}"))
            .env("QUORUM_DATABASE_POOL_SIZE", "4")
            .env("QUORUM_MAIL_LEASE_SECONDS", "2")
            .env("QUORUM_MAIL_POLL_INTERVAL_SECONDS", "0.2")
            .env("QUORUM_REMINDER_MINUTES", "60")
            .spawn()
            .expect("quorum serve starts");
        Self {
            child,
            address: format!("http://127.0.0.1:{port}"),
        }
    }

    async fn ready(&self, client: &reqwest::Client) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            let up = client.get(format!("{}/readyz", self.address)).send().await;
            if up.is_ok_and(|r| r.status() == 200) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{} never got ready",
                self.address
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// An API call; `None` when the instance did not answer (it was killed).
async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Value,
) -> Option<(u16, Value)> {
    let response = client
        .request(method, url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .ok()?;
    let status = response.status().as_u16();
    Some((status, response.json().await.ok()?))
}

/// A person with an API token.
fn person(database: &TestDatabase, email: &str) -> (String, String) {
    let new = quorum::domain::people::NewPerson::parse(
        email,
        "Agent",
        None,
        email.starts_with("admin"),
        false,
    )
    .expect("a person");
    let person =
        database.with_conn(|conn| quorum::db::people::create(conn, &new).expect("created"));
    let token =
        quorum::app::admin_commands::issue_token(&database.db, email, "test").expect("a token");
    (person.id, token)
}

/// Each outbox message: its Message-ID, kind and recipient.
fn outbox(database: &TestDatabase) -> Vec<(String, String, String, String)> {
    database.with_conn(|conn| {
        outbox_messages::table
            .select((
                outbox_messages::message_id,
                outbox_messages::kind,
                outbox_messages::recipient,
                outbox_messages::state,
            ))
            .load(conn)
            .expect("the outbox")
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_one_database_nothing_twice_nothing_lost() {
    if postgres_admin_url().is_none() {
        return;
    }
    let smtp = SmtpServer::start();
    let database = test_database(Backend::Postgres, |_| {});
    let dir = std::env::temp_dir().join(format!(
        "quorum-instances-{}",
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&dir).expect("a folder");
    let logs = || {
        ["a", "b", "c"]
            .iter()
            .map(|n| {
                format!(
                    "--- {n}\n{}",
                    std::fs::read_to_string(dir.join(format!("{n}.log"))).unwrap_or_default()
                )
            })
            .collect::<String>()
    };
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("a client");
    let mut instances: Vec<Instance> = ["a", "b", "c"]
        .iter()
        .map(|n| Instance::start(&database, &smtp, &dir, n))
        .collect();
    for instance in &instances {
        instance.ready(&client).await;
    }
    let addresses: Vec<String> = instances.iter().map(|i| i.address.clone()).collect();

    let (_, admin) = person(&database, "admin@club.example");
    let people: Vec<(String, String, String)> = (0..40)
        .map(|n| {
            let email = format!("agent{n}@club.example");
            let (id, token) = person(&database, &email);
            (id, token, email)
        })
        .collect();
    // five seats; its 60-minute reminder comes due a minute or two from now
    let starts =
        (Utc::now() + chrono::Duration::minutes(62)).with_timezone(&chrono_tz::Europe::Paris);
    let (status, meeting) = call(&client, reqwest::Method::POST, format!("{}/api/v1/meetings", addresses[0]), &admin, json!({
        "kind": "spring_plenary", "title": "Plénière", "capacity": 5, "time_zone": "Europe/Paris",
        "starts_at_local": starts.format("%Y-%m-%dT%H:%M").to_string(),
    })).await.expect("answered");
    assert_eq!(status, 201, "{meeting}");
    let id = meeting["id"].as_str().expect("id").to_owned();

    // ten sign-ins over the three (the form from one, the post to another)
    for n in 0..10 {
        let browser = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("a client");
        let page = browser
            .get(format!("{}/signin", addresses[n % 3]))
            .send()
            .await
            .expect("a page")
            .text()
            .await
            .expect("html");
        let token = page
            .split("name=\"csrf_token\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("a csrf token")
            .to_owned();
        let email = people[n].2.clone();
        let answer = browser
            .post(format!("{}/signin", addresses[(n + 1) % 3]))
            .form(&[("email", email.as_str()), ("csrf_token", &token)])
            .send()
            .await
            .expect("answered");
        assert_eq!(answer.status(), 200);
    }

    // forty answers at once over the three; the third instance is killed
    // while they run
    let answers =
        futures_util::stream::iter(people.iter().enumerate().map(|(n, (person_id, token, _))| {
            let (client, address, id) = (client.clone(), addresses[n % 3].clone(), id.clone());
            async move {
                let answer = call(
                    &client,
                    reqwest::Method::PUT,
                    format!("{address}/api/v1/meetings/{id}/rsvp"),
                    token,
                    json!({"answer": "yes"}),
                )
                .await;
                (person_id.clone(), answer)
            }
        }))
        .buffer_unordered(40);
    let killer = async {
        tokio::time::sleep(Duration::from_millis(30)).await;
        let mut killed = instances.pop().expect("the third");
        killed.child.kill().expect("SIGKILL");
        killed.child.wait().expect("reaped");
    };
    let (answered, ()) = tokio::join!(answers.collect::<Vec<_>>(), killer);
    let mut acknowledged: HashMap<String, String> = HashMap::new();
    let unanswered = answered.iter().filter(|(_, a)| a.is_none()).count();
    assert!(
        unanswered > 0,
        "the kill came after every answer: nothing tested"
    );
    for (person_id, answer) in answered {
        match answer {
            Some((200, body)) => {
                acknowledged.insert(
                    person_id,
                    body["state"].as_str().expect("a state").to_owned(),
                );
            }
            Some((status, body)) => panic!("{status} {body}"),
            // not answered: the person tries again on another instance
            None => {
                let token = &people
                    .iter()
                    .find(|p| p.0 == person_id)
                    .expect("a person")
                    .1;
                let (status, body) = call(
                    &client,
                    reqwest::Method::PUT,
                    format!("{}/api/v1/meetings/{id}/rsvp", addresses[0]),
                    token,
                    json!({"answer": "yes"}),
                )
                .await
                .expect("answered");
                assert_eq!(status, 200, "{body}");
                acknowledged.insert(
                    person_id,
                    body["state"].as_str().expect("a state").to_owned(),
                );
            }
        }
    }
    assert_eq!(acknowledged.len(), 40);

    // every acknowledged answer is there; five seats, each given once
    let stored: Vec<(String, String)> = database.with_conn(|conn| {
        rsvps::table
            .filter(rsvps::meeting_id.eq(&id))
            .select((rsvps::person_id, rsvps::state))
            .load(conn)
            .expect("answers")
    });
    assert_eq!(stored.len(), 40, "one answer per person");
    let stored: HashMap<String, String> = stored.into_iter().collect();
    let confirmed: HashSet<&String> = stored
        .iter()
        .filter(|(_, s)| *s == "confirmed")
        .map(|(p, _)| p)
        .collect();
    assert_eq!(confirmed.len(), 5, "five seats given, no more");
    for (person_id, state) in &acknowledged {
        assert_eq!(
            stored.get(person_id),
            Some(state),
            "an acknowledged answer changed or vanished"
        );
    }

    // the reminders come due (each worker looks once a minute)
    let deadline = tokio::time::Instant::now() + Duration::from_secs(180);
    while outbox(&database)
        .iter()
        .filter(|m| m.1 == "reminder")
        .count()
        < 5
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "reminders never queued:\n{}",
            logs()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    // a day later: every seat holder hears of it
    let local = |t: chrono::DateTime<chrono_tz::Tz>| t.format("%Y-%m-%dT%H:%M").to_string();
    let later = starts + chrono::Duration::days(1);
    let (status, body) = call(&client, reqwest::Method::PATCH, format!("{}/api/v1/meetings/{id}", addresses[1]), &admin, json!({
        "starts_at_local": local(later), "ends_at_local": local(later + chrono::Duration::hours(3)),
    })).await.expect("answered");
    assert_eq!(status, 200, "{body}");

    // everything queued is sent
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while outbox(&database).iter().any(|m| m.3 != "sent")
        || outbox(&database)
            .iter()
            .filter(|m| m.1 == "meeting_changed")
            .count()
            < 5
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "mail left unsent:\n{}",
            logs()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let queued = outbox(&database);
    let mut kinds: HashMap<&str, Vec<&str>> = HashMap::new();
    for (_, kind, recipient, _) in &queued {
        kinds
            .entry(kind.as_str())
            .or_default()
            .push(recipient.as_str());
    }
    let seat_holders: HashSet<String> = people
        .iter()
        .filter(|p| confirmed.contains(&p.0))
        .map(|p| p.2.clone())
        .collect();
    for kind in ["rsvp_confirmed", "reminder", "meeting_changed"] {
        let to: HashSet<String> = kinds
            .get(kind)
            .into_iter()
            .flatten()
            .map(|r| r.to_string())
            .collect();
        assert_eq!(
            kinds.get(kind).map(Vec::len),
            Some(5),
            "{kind}: once per seat: {kinds:?}"
        );
        assert_eq!(to, seat_holders, "{kind}");
    }
    // the others were told their place in line, once each
    let mut expected: Vec<String> = people
        .iter()
        .filter(|p| !confirmed.contains(&p.0))
        .map(|p| p.2.clone())
        .collect();
    expected.sort();
    let mut told: Vec<String> = kinds
        .get("rsvp_waitlisted")
        .into_iter()
        .flatten()
        .map(|r| r.to_string())
        .collect();
    told.sort();
    assert_eq!(told, expected, "rsvp_waitlisted: once per place in line");
    assert_eq!(kinds.get("signin").map(Vec::len), Some(10), "{kinds:?}");
    assert_eq!(kinds.len(), 5, "nothing else: {kinds:?}");

    // every message arrived; only the one a killed worker had in hand may
    // arrive twice
    let received = smtp.message_ids();
    let mut tally: HashMap<&str, usize> = HashMap::new();
    for id in &received {
        *tally.entry(id.as_str()).or_default() += 1;
    }
    for (message_id, kind, recipient, _) in &queued {
        assert!(
            tally.contains_key(message_id.as_str()),
            "{kind} to {recipient} never arrived"
        );
    }
    assert_eq!(tally.len(), queued.len(), "unknown messages arrived");
    let twice: usize = tally.values().map(|n| n - 1).sum();
    assert!(twice <= 1, "{twice} messages arrived twice:\n{}", logs());
    drop(instances);
    std::fs::remove_dir_all(dir).ok();
}
