//! Mail workers under stress: several on one database, one killed in the
//! middle of a batch.

use std::collections::{HashMap, HashSet};
use std::process::{Child, Command};
use std::sync::Arc;
use std::time::Duration;

use diesel::prelude::*;
use quorum::app::worker;
use quorum::db::schema::outbox_messages;
use quorum::db::{Db, DbConn, write_transaction};
use quorum::domain::error::AppError;
use quorum::infra::mail::outbox::{self, OutboxState};
use quorum::infra::mail::{Mailer, enqueue};
use tokio_util::sync::CancellationToken;

use crate::helpers::{Backend, TestDatabase, test_database};
use crate::mail::{signin_email, smtp_settings};
use crate::on_both_backends;
use crate::smtp::{SmtpOptions, SmtpServer};

/// Queues `count` messages in one transaction; their Message-IDs.
fn queue_many(database: &TestDatabase, count: usize) -> Vec<String> {
    database.with_conn(|conn| {
        write_transaction(conn, |conn| {
            (0..count)
                .map(|n| {
                    let email = signin_email(&format!("member{n}@example.org"));
                    Ok(enqueue(conn, &database.settings, &email)?.expect("no dedupe key"))
                })
                .collect::<Result<Vec<_>, AppError>>()
        })
        .expect("queued")
    })
}

fn sent_count(conn: &mut DbConn) -> i64 {
    outbox::counts_by_state(conn).expect("counts").sent
}

/// Waits (at most `within`) until `count` messages are marked sent.
async fn wait_until_sent(database: &TestDatabase, count: i64, within: Duration) {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let sent = database.with_conn(sent_count);
        if sent >= count {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{sent} of {count} sent after {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn count_each(ids: &[String]) -> HashMap<&str, usize> {
    let mut tally = HashMap::new();
    for id in ids {
        *tally.entry(id.as_str()).or_default() += 1;
    }
    tally
}

/// Two workers, each with its own pool as if in two instances, share 200
/// messages: each arrives exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_send_each_message_exactly_once_on_postgres() {
    if crate::helpers::postgres_admin_url().is_none() {
        return;
    }
    let server = SmtpServer::start();
    let database = test_database(Backend::Postgres, |layer| {
        smtp_settings(&server, 1.0)(layer);
        layer.mail.batch_size = Some(10);
    });
    let queued = queue_many(&database, 200);
    let stop = CancellationToken::new();
    let settings = Arc::new(database.settings.clone());
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let db = Db::connect(&settings.database_url, 3).expect("a second pool");
            let mailer = Mailer::from_settings(&settings.mail).expect("a mailer");
            tokio::spawn(worker::run(db, mailer, settings.clone(), stop.clone()))
        })
        .collect();

    wait_until_sent(&database, 200, Duration::from_secs(60)).await;
    // time for a duplicate to show up, if there were one
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.cancel();
    for worker in workers {
        worker.await.expect("the worker stops");
    }

    let received = server.message_ids();
    let tally = count_each(&received);
    let duplicated: Vec<_> = tally.iter().filter(|(_, n)| **n > 1).collect();
    assert!(duplicated.is_empty(), "sent twice: {duplicated:?}");
    assert_eq!(received.len(), 200);
    let expected: HashSet<&str> = queued.iter().map(String::as_str).collect();
    assert_eq!(tally.keys().copied().collect::<HashSet<_>>(), expected);
    let senders: Vec<Option<String>> = database.with_conn(|conn| {
        outbox_messages::table
            .select(outbox_messages::leased_by)
            .distinct()
            .load(conn)
            .expect("the senders")
    });
    assert_eq!(senders.len(), 2, "both workers sent: {senders:?}");
}

on_both_backends! {
    async fn concurrent_claims_never_overlap(backend: Backend) {
        let database = test_database(backend, |layer| layer.database_pool_size = Some(4));
        queue_many(&database, 300);
        let claimed: Vec<String> = std::thread::scope(|scope| {
            let claimers: Vec<_> = (0..4)
                .map(|n| {
                    let database = &database;
                    scope.spawn(move || {
                        let worker_id = format!("claimer-{n}");
                        let mut mine = Vec::new();
                        loop {
                            let batch = database.with_conn(|conn| {
                                outbox::claim_due(conn, &worker_id, 3, Duration::from_secs(60))
                                    .expect("a claim")
                            });
                            if batch.is_empty() {
                                return mine;
                            }
                            mine.extend(batch.into_iter().map(|m| m.id));
                        }
                    })
                })
                .collect();
            claimers
                .into_iter()
                .flat_map(|c| c.join().expect("no panic"))
                .collect()
        });
        let distinct: HashSet<&String> = claimed.iter().collect();
        assert_eq!(distinct.len(), 300, "every message claimed");
        assert_eq!(claimed.len(), 300, "no message claimed twice");
    }
}

/// `quorum worker` with the settings of `database`, sending to `server`.
fn spawn_worker_process(
    database: &TestDatabase,
    server: &SmtpServer,
    log: &std::path::Path,
) -> Child {
    let dir = log.parent().expect("the log's folder");
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .expect("the worker's log");
    server
        .quorum("worker", database, dir, log)
        .env("QUORUM_MAIL_LEASE_SECONDS", "1.5")
        .env("QUORUM_MAIL_BATCH_SIZE", "5")
        .env("QUORUM_MAIL_POLL_INTERVAL_SECONDS", "0.1")
        .spawn()
        .expect("quorum worker starts")
}

on_both_backends! {
    async fn a_worker_killed_mid_batch_loses_no_mail(backend: Backend) {
        // each message takes 150 ms: the kill lands in the middle of a batch
        let server = SmtpServer::start_with(&SmtpOptions { delay_ms: 150, ..SmtpOptions::default() });
        let database = test_database(backend, smtp_settings(&server, 1.0));
        let queued = queue_many(&database, 20);
        let dir = std::env::temp_dir().join(format!("quorum-worker-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let log = dir.join("worker.log");
        let show_log = || std::fs::read_to_string(&log).unwrap_or_default();

        let mut first = spawn_worker_process(&database, &server, &log);
        let before = server.wait_for(4, Duration::from_secs(30)).await;
        assert!(before.len() >= 4, "the worker sent nothing:\n{}", show_log());
        first.kill().expect("SIGKILL");
        first.wait().expect("the killed worker is reaped");
        let received_at_kill = server.message_ids();
        let sent_at_kill: HashSet<String> = database.with_conn(|conn| {
            outbox_messages::table
                .filter(outbox_messages::state.eq(OutboxState::Sent.as_str()))
                .select(outbox_messages::message_id)
                .load::<String>(conn)
                .expect("the sent messages")
                .into_iter()
                .collect()
        });
        assert!(received_at_kill.len() < 20, "the kill came too late to test anything");
        let leased: i64 = database.with_conn(|conn| {
            outbox_messages::table
                .filter(outbox_messages::state.eq(OutboxState::Queued.as_str()))
                .filter(outbox_messages::lease_until.is_not_null())
                .count()
                .get_result(conn)
                .expect("a count")
        });
        assert!(leased > 0, "the killed worker held no claimed mail");

        let mut second = spawn_worker_process(&database, &server, &log);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        while database.with_conn(sent_count) < 20 {
            assert!(tokio::time::Instant::now() < deadline, "mail lost:\n{}", show_log());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let status = Command::new("kill")
            .args(["-TERM", &second.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let exit = second.wait().expect("the worker stops");
        assert!(exit.success(), "exit status {exit:?}:\n{}", show_log());

        let received = server.message_ids();
        let tally = count_each(&received);
        for id in &queued {
            assert!(tally.contains_key(id.as_str()), "{id} lost:\n{}", show_log());
        }
        assert_eq!(tally.len(), queued.len(), "unknown messages arrived");
        assert_eq!(
            count_each(&received_at_kill).values().filter(|n| **n > 1).count(),
            0,
            "duplicates before the kill"
        );
        for id in &sent_at_kill {
            assert_eq!(tally[id.as_str()], 1, "{id} was recorded as sent, then sent again");
        }
        let duplicates: usize = tally.values().map(|n| n - 1).sum();
        assert!(duplicates <= 1, "only the message in hand at the kill may arrive twice: {duplicates}");
        std::fs::remove_dir_all(dir).ok();
    }
}
