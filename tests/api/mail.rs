//! The mail outbox: what is queued, what a real SMTP server receives, and
//! what happens when it refuses.

use std::sync::Arc;
use std::time::Duration;

use diesel::prelude::*;
use quorum::app::settings::Layer;
use quorum::app::worker;
use quorum::db::schema::outbox_messages;
use quorum::db::{DbConn, write_transaction};
use quorum::domain::error::AppError;
use quorum::domain::secrets::Redacted;
use quorum::infra::mail::outbox::{self, OutboxState, OutboxSummary};
use quorum::infra::mail::{CalendarPart, Email, Mailer, enqueue};
use quorum::infra::settings::Settings;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::helpers::{Backend, TestDatabase, spawn_app, test_database};
use crate::on_both_backends;
use crate::smtp::{SmtpOptions, SmtpServer, parse};

pub const SENDER: &str = "Club quorum <club@quorum.example.org>";
const SUBJECT: &str = "Votre lien de connexion à quorum — réunion de décembre";
const TEXT: &str = "Bonjour Élodie,\n\nvoici votre lien : https://quorum.example.org/signin/abc\n";
const HTML: &str = "<p>Bonjour Élodie,</p><p><a href=\"https://quorum.example.org/signin/abc\">Se connecter</a></p>";

/// Settings that send to `server`, retrying after `retry_base_seconds`.
pub fn smtp_settings(server: &SmtpServer, retry_base_seconds: f64) -> impl FnOnce(&mut Layer) {
    let url = server.url();
    move |layer: &mut Layer| {
        layer.base_url = Some("https://quorum.example.org".into());
        layer.mail.transport = Some("smtp".into());
        layer.mail.smtp_url = Some(Redacted(url));
        layer.mail.from = Some(SENDER.into());
        layer.mail.retry_base_seconds = Some(retry_base_seconds);
    }
}

/// A sign-in message to `to_address`.
pub fn signin_email(to_address: &str) -> Email {
    Email {
        to_name: "Élodie Brès".into(),
        to_address: to_address.into(),
        subject: SUBJECT.into(),
        text: TEXT.into(),
        html: Some(HTML.into()),
        kind: "signin",
        dedupe_key: None,
        calendar: None,
    }
}

/// Queues `email` in its own transaction; its Message-ID.
pub fn queue(conn: &mut DbConn, settings: &Settings, email: &Email) -> Option<String> {
    write_transaction(conn, |conn| enqueue(conn, settings, email)).expect("queued")
}

/// The outbox row of a Message-ID.
pub fn row(conn: &mut DbConn, message_id: &str) -> OutboxSummary {
    let id: String = outbox_messages::table
        .filter(outbox_messages::message_id.eq(message_id))
        .select(outbox_messages::id)
        .first(conn)
        .expect("the queued row");
    outbox::find(conn, &id).expect("a query").expect("the row")
}

/// A worker task on `database`'s settings, and what stops it.
pub fn start_worker(database: &TestDatabase) -> (CancellationToken, JoinHandle<()>) {
    let mailer = Mailer::from_settings(&database.settings.mail).expect("a mailer");
    let stop = CancellationToken::new();
    let task = tokio::spawn(worker::run(
        database.db.clone(),
        mailer,
        Arc::new(database.settings.clone()),
        stop.clone(),
    ));
    (stop, task)
}

/// Waits (at most `within`) until the row of `message_id` is in `state`.
pub async fn wait_for_state(
    database: &TestDatabase,
    message_id: &str,
    state: OutboxState,
    within: Duration,
) -> OutboxSummary {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let row = database.with_conn(|conn| row(conn, message_id));
        if row.state == state.as_str() {
            return row;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "still {} after {within:?}: {row:?}",
            row.state
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn normalized(text: &str) -> String {
    text.replace("\r\n", "\n").trim_end().to_owned()
}

fn count(conn: &mut DbConn) -> i64 {
    outbox_messages::table
        .count()
        .get_result(conn)
        .expect("a count")
}

on_both_backends! {
    async fn queued_mail_reaches_a_real_smtp_server(backend: Backend) {
        let server = SmtpServer::start();
        let database = test_database(backend, smtp_settings(&server, 30.0));
        let message_id = database
            .with_conn(|conn| queue(conn, &database.settings, &signin_email("elodie.bres@lyon.example.fr")))
            .expect("a Message-ID");
        assert!(message_id.ends_with("@quorum.example.org>"), "{message_id}");
        let (stop, task) = start_worker(&database);

        let received = server.wait_for(1, Duration::from_secs(10)).await;
        assert_eq!(received.len(), 1);
        let message = parse(&received[0]);
        let from = message.from().and_then(|a| a.first()).expect("a sender");
        assert_eq!(from.name(), Some("Club quorum"));
        assert_eq!(from.address(), Some("club@quorum.example.org"));
        let to = message.to().and_then(|a| a.first()).expect("a recipient");
        assert_eq!(to.name(), Some("Élodie Brès"));
        assert_eq!(to.address(), Some("elodie.bres@lyon.example.fr"));
        assert_eq!(message.subject(), Some(SUBJECT));
        assert_eq!(message.message_id().map(|id| format!("<{id}>")), Some(message_id.clone()));
        assert!(message.date().is_some());
        assert_eq!(normalized(&message.body_text(0).expect("a text part")), normalized(TEXT));
        assert_eq!(normalized(&message.body_html(0).expect("an HTML part")), normalized(HTML));

        let row = wait_for_state(&database, &message_id, OutboxState::Sent, Duration::from_secs(5)).await;
        assert_eq!(row.attempts, 1);
        assert!(row.sent_at.is_some());
        assert_eq!(row.kind, "signin");
        stop.cancel();
        task.await.expect("the worker stops");
        assert_eq!(server.received().len(), 1);
    }

    async fn refused_three_times_then_delivered_exactly_once(backend: Backend) {
        let server = SmtpServer::start_with(&SmtpOptions { fail_first: 3, ..SmtpOptions::default() });
        let database = test_database(backend, smtp_settings(&server, 0.2));
        let message_id = database
            .with_conn(|conn| queue(conn, &database.settings, &signin_email("a@example.org")))
            .expect("a Message-ID");
        let (stop, task) = start_worker(&database);

        let row = wait_for_state(&database, &message_id, OutboxState::Sent, Duration::from_secs(20)).await;
        assert_eq!(row.attempts, 4, "three refusals, then the delivery");
        let last_error = row.last_error.expect("the last refusal is kept");
        assert!(last_error.contains("451"), "{last_error}");
        // time for a duplicate to show up, if there were one
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.cancel();
        task.await.expect("the worker stops");
        assert_eq!(server.message_ids(), vec![message_id]);
    }

    async fn permanent_refusal_fails_at_once_and_an_admin_can_retry(backend: Backend) {
        let server = SmtpServer::start_with(&SmtpOptions {
            fail_first: 1000,
            fail_reply: Some("550 5.1.1 no such mailbox".into()),
            ..SmtpOptions::default()
        });
        let database = test_database(backend, smtp_settings(&server, 0.05));
        let message_id = database
            .with_conn(|conn| queue(conn, &database.settings, &signin_email("nobody@example.org")))
            .expect("a Message-ID");
        let (stop, task) = start_worker(&database);
        let row = wait_for_state(&database, &message_id, OutboxState::Failed, Duration::from_secs(10)).await;
        stop.cancel();
        task.await.expect("the worker stops");
        assert_eq!(row.attempts, 1, "a 5xx is not retried");
        assert!(row.last_error.as_deref().is_some_and(|e| e.contains("550")), "{row:?}");
        assert!(server.received().is_empty());

        database.with_conn(|conn| {
            let failed = outbox::list_recent(conn, Some(OutboxState::Failed), 10).expect("a list");
            assert_eq!(failed.iter().map(|m| &m.message_id).collect::<Vec<_>>(), vec![&message_id]);
            assert!(outbox::list_recent(conn, Some(OutboxState::Queued), 10).expect("a list").is_empty());
            let counts = outbox::counts_by_state(conn).expect("counts");
            assert_eq!((counts.queued, counts.sent, counts.failed), (0, 0, 1));

            assert!(outbox::retry(conn, &row.id).expect("a retry"));
            let again = outbox::find(conn, &row.id).expect("a query").expect("the row");
            assert_eq!(again.state, "queued");
            assert_eq!(again.attempts, 0);
            assert!(!outbox::retry(conn, &row.id).expect("a retry"), "only failed mail is retried");
            assert!(!outbox::retry(conn, "no-such-id").expect("a retry"));
            assert_eq!(outbox::counts_by_state(conn).expect("counts").queued, 1);
        });
    }

    async fn transient_refusals_fail_after_max_attempts(backend: Backend) {
        let server = SmtpServer::start_with(&SmtpOptions { fail_first: 1000, ..SmtpOptions::default() });
        let database = test_database(backend, |layer| {
            smtp_settings(&server, 0.05)(layer);
            layer.mail.max_attempts = Some(3);
        });
        let message_id = database
            .with_conn(|conn| queue(conn, &database.settings, &signin_email("a@example.org")))
            .expect("a Message-ID");
        let (stop, task) = start_worker(&database);
        let row = wait_for_state(&database, &message_id, OutboxState::Failed, Duration::from_secs(10)).await;
        stop.cancel();
        task.await.expect("the worker stops");
        assert_eq!(row.attempts, 3);
        assert!(row.last_error.as_deref().is_some_and(|e| e.contains("451")), "{row:?}");
        let failed = database.with_conn(|conn| outbox::list_recent(conn, None, 10).expect("a list"));
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].state, "failed");
    }

    async fn the_same_dedupe_key_is_queued_once(backend: Backend) {
        let database = test_database(backend, |_| {});
        let mut email = signin_email("a@example.org");
        email.kind = "rsvp_reminder";
        email.dedupe_key = Some("meeting-1:person-1:rsvp_reminder".into());
        database.with_conn(|conn| {
            let first = queue(conn, &database.settings, &email);
            assert!(first.is_some());
            assert_eq!(queue(conn, &database.settings, &email), None);
            // twice in one transaction too
            let twice = write_transaction(conn, |conn| {
                Ok::<_, AppError>((
                    enqueue(conn, &database.settings, &email)?,
                    enqueue(conn, &database.settings, &email)?,
                ))
            })
            .expect("no error");
            assert_eq!(twice, (None, None));
            assert_eq!(count(conn), 1);
            email.dedupe_key = Some("meeting-1:person-2:rsvp_reminder".into());
            assert!(queue(conn, &database.settings, &email).is_some());
            email.dedupe_key = None;
            assert!(queue(conn, &database.settings, &email).is_some());
            assert!(queue(conn, &database.settings, &email).is_some());
            assert_eq!(count(conn), 4);
        });
    }

    async fn a_rolled_back_change_queues_no_mail(backend: Backend) {
        let database = test_database(backend, |_| {});
        database.with_conn(|conn| {
            let result: Result<(), AppError> = write_transaction(conn, |conn| {
                enqueue(conn, &database.settings, &signin_email("a@example.org"))?;
                Err(AppError::Conflict("the change was refused".into()))
            });
            assert!(result.is_err());
            assert_eq!(count(conn), 0);
        });
    }

    async fn an_invitation_carries_its_calendar_part(backend: Backend) {
        let database = test_database(backend, |layer| {
            layer.base_url = Some("https://quorum.example.org".into());
        });
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//quorum//FR\r\nMETHOD:REQUEST\r\n\
                   BEGIN:VEVENT\r\nUID:meeting-1@quorum.example.org\r\nSEQUENCE:0\r\n\
                   DTSTAMP:20261128T100000Z\r\nDTSTART:20261203T130000Z\r\nDTEND:20261203T160000Z\r\n\
                   SUMMARY:Session de décembre\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let email = Email {
            calendar: Some(CalendarPart { method: "REQUEST".into(), ics: ics.into() }),
            kind: "invitation",
            ..signin_email("a@example.org")
        };
        let raw: String = database.with_conn(|conn| {
            let message_id = queue(conn, &database.settings, &email).expect("queued");
            outbox_messages::table
                .filter(outbox_messages::message_id.eq(&message_id))
                .select(outbox_messages::raw)
                .first(conn)
                .expect("the raw message")
        });
        let message = parse(raw.as_bytes());
        use mail_parser::{MimeHeaders, PartType};
        let content_type = |part: &mail_parser::MessagePart<'_>| {
            let ct = part.content_type().expect("a content type");
            format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()).to_ascii_lowercase()
        };
        let children = |part: &mail_parser::MessagePart<'_>| match &part.body {
            PartType::Multipart(ids) => ids.iter().map(|id| message.parts[*id as usize].clone()).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        let root = &message.parts[0];
        assert_eq!(content_type(root), "multipart/mixed");
        let mixed = children(root);
        assert_eq!(mixed.len(), 2);
        assert_eq!(content_type(&mixed[0]), "multipart/alternative");
        let alternative = children(&mixed[0]);
        let types: Vec<String> = alternative.iter().map(content_type).collect();
        assert_eq!(types, ["text/plain", "text/html", "text/calendar"]);
        let calendar = &alternative[2];
        let ct = calendar.content_type().expect("a content type");
        assert_eq!(ct.attribute("method"), Some("REQUEST"));
        assert_eq!(ct.attribute("charset").map(str::to_ascii_uppercase).as_deref(), Some("UTF-8"));
        assert_eq!(normalized(calendar.text_contents().expect("the calendar text")), normalized(ics));
        let attachment = &mixed[1];
        assert_eq!(attachment.attachment_name(), Some("invite.ics"));
        assert_eq!(normalized(&String::from_utf8_lossy(attachment.contents())), normalized(ics));
    }

    async fn the_application_runs_a_worker(backend: Backend) {
        let app = spawn_app(backend).await;
        let settings = Layer {
            secret_key: Some(Redacted(crate::helpers::TEST_SECRET_KEY.into())),
            ..Layer::default()
        }
        .resolve()
        .expect("settings");
        let message_id = app
            .with_conn(|conn| queue(conn, &settings, &signin_email("a@example.org")))
            .expect("queued");
        let sent = app.wait_for_mail(1).await;
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].to, "a@example.org");
        assert_eq!(sent[0].envelope_from, "quorum@localhost");
        let message = parse(&sent[0].raw);
        assert_eq!(message.message_id().map(|id| format!("<{id}>")), Some(message_id));
    }
}

/// On PostgreSQL a second transaction queuing the same key waits for the
/// first, then skips, and can go on: nothing aborts it.
#[test]
fn concurrent_enqueues_of_one_key_abort_nothing_on_postgres() {
    if crate::helpers::postgres_admin_url().is_none() {
        return;
    }
    let database = test_database(Backend::Postgres, |_| {});
    let mut email = signin_email("a@example.org");
    email.dedupe_key = Some("meeting-1:person-1:reminder".into());
    let (queued_tx, queued_rx) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        let first = scope.spawn(|| {
            database.with_conn(|conn| {
                write_transaction(conn, |conn| {
                    let id = enqueue(conn, &database.settings, &email)?;
                    queued_tx.send(()).expect("the other thread waits");
                    // the second transaction now blocks on our row
                    std::thread::sleep(Duration::from_millis(300));
                    Ok::<_, AppError>(id)
                })
            })
        });
        queued_rx.recv().expect("the first transaction queued");
        let second = database.with_conn(|conn| {
            write_transaction(conn, |conn| {
                let id = enqueue(conn, &database.settings, &email)?;
                // the transaction is still usable
                Ok::<_, AppError>((id, count(conn)))
            })
        });
        assert!(
            first
                .join()
                .expect("no panic")
                .expect("committed")
                .is_some()
        );
        assert_eq!(second.expect("committed, not aborted"), (None, 1));
    });
}
