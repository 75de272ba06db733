//! Sent messages lose their bodies (and the links in them) after
//! `outbox_retention_days`; the rows stay for the admin page, and messages
//! still to be sent keep theirs.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use quorum::app::worker;
use quorum::db::schema::outbox_messages;
use quorum::db::{DbConn, now, write_transaction};
use quorum::domain::error::AppError;
use quorum::infra::mail::outbox::{self, OutboxState};
use quorum::infra::mail::{Mailer, enqueue};
use tokio_util::sync::CancellationToken;

use quorum::db::Db;
use quorum::infra::settings::Settings;

use crate::helpers::{spawn_app, test_database, texts};
use crate::mail::{row, signin_email};
use crate::on_both_backends;

/// Queues a sign-in message to `to` and puts it in `state` as if created
/// (and, when sent, sent) `days_ago`, in one transaction so that no worker
/// sends it meanwhile; its outbox id.
fn message(db: &Db, settings: &Settings, to: &str, state: OutboxState, days_ago: i64) -> String {
    let conn = &mut db.get().expect("a connection");
    let then = now() - chrono::Duration::days(days_ago);
    write_transaction(conn, |conn| {
        let message_id = enqueue(conn, settings, &signin_email(to))?.expect("no dedupe key");
        let id = row(conn, &message_id).id;
        diesel::update(outbox_messages::table.find(&id))
            .set((
                outbox_messages::state.eq(state.as_str()),
                outbox_messages::created_at.eq(then),
                outbox_messages::sent_at.eq((state == OutboxState::Sent).then_some(then)),
                // still queued: due tomorrow, so no worker sends it now
                outbox_messages::next_attempt_at.eq(now() + chrono::Duration::days(1)),
            ))
            .execute(conn)?;
        Ok::<_, AppError>(id)
    })
    .expect("queued and aged")
}

fn body(conn: &mut DbConn, id: &str) -> (String, Option<NaiveDateTime>) {
    outbox_messages::table
        .find(id)
        .select((outbox_messages::raw, outbox_messages::purged_at))
        .first(conn)
        .expect("the row")
}

on_both_backends! {
    async fn the_worker_purges_old_sent_bodies_and_keeps_the_rows(backend: Backend) {
        // the default retention: 30 days
        let app = spawn_app(backend).await;
        let (db, settings) = (&app.db, &app.settings);
        let old = message(db, settings, "ancien@club.example", OutboxState::Sent, 31);
        let recent = message(db, settings, "recent@club.example", OutboxState::Sent, 29);
        let queued = message(db, settings, "en-attente@club.example", OutboxState::Queued, 40);
        let failed = message(db, settings, "echec@club.example", OutboxState::Failed, 40);

        // the application's worker purged when it started, maybe before
        // these were in: a second one, as in another instance, purges now
        let stop = CancellationToken::new();
        let task = tokio::spawn(worker::run(app.db.clone(), Mailer::memory(), app.settings.clone(), stop.clone()));
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while app.with_conn(|conn| body(conn, &old)).1.is_none() {
            assert!(tokio::time::Instant::now() < deadline, "not purged after 10 s");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        stop.cancel();
        task.await.expect("the worker stops");

        let (raw, purged_at) = app.with_conn(|conn| body(conn, &old));
        assert_eq!(raw, "", "the body and its link are gone");
        assert!(purged_at.is_some());
        let kept = app.with_conn(|conn| outbox::find(conn, &old)).expect("a query").expect("the row stays");
        assert_eq!((kept.state.as_str(), kept.recipient.as_str()), ("sent", "ancien@club.example"));
        assert!(kept.subject.contains("lien de connexion"), "{}", kept.subject);
        for id in [&recent, &queued, &failed] {
            let (raw, purged_at) = app.with_conn(|conn| body(conn, id));
            assert!(raw.contains("/signin/abc") && purged_at.is_none(), "{id} keeps its body");
        }
        // a second pass, or another instance's, changes nothing
        let cutoff = now() - chrono::Duration::days(30);
        assert_eq!(app.with_conn(|conn| outbox::purge_sent(conn, cutoff, 500)).expect("purged"), 0);

        // the admin page still lists it, and says why its body is gone
        let admin = app.add_person("admin@club.example", None, true, false);
        let browser = app.signed_in(&admin).await;
        let page = scraper::Html::parse_document(&browser.get("/admin/outbox?state=sent").await.text().await.expect("page"));
        let rows = texts(&page, "tbody tr");
        let purged: Vec<&String> = rows.iter().filter(|r| r.contains("contenu effacé après 30 jours")).collect();
        assert_eq!(purged.len(), 1, "{rows:?}");
        assert!(purged[0].contains("ancien@club.example") && purged[0].contains("lien de connexion"), "{rows:?}");
        assert!(rows.iter().any(|r| r.contains("recent@club.example") && !r.contains("effacé")), "{rows:?}");
    }

    async fn purges_beside_each_other_empty_each_body_once_in_bounded_batches(backend: Backend) {
        // no worker: only the two purgers below
        let database = test_database(backend, |_| {});
        let ids: Vec<String> = (0..9)
            .map(|n| message(&database.db, &database.settings, &format!("membre{n}@club.example"), OutboxState::Sent, 60))
            .collect();
        let cutoff = now() - chrono::Duration::days(30);
        let counts: Vec<usize> = std::thread::scope(|scope| {
            let purgers: Vec<_> = (0..2)
                .map(|_| scope.spawn(|| {
                    let mut counts = Vec::new();
                    loop {
                        let count = database.with_conn(|conn| outbox::purge_sent(conn, cutoff, 2)).expect("purged");
                        assert!(count <= 2, "at most a batch at once");
                        if count == 0 {
                            return counts;
                        }
                        counts.push(count);
                    }
                }))
                .collect();
            purgers.into_iter().flat_map(|p| p.join().expect("no panic")).collect()
        });
        assert_eq!(counts.iter().sum::<usize>(), 9, "each body purged once: {counts:?}");
        for id in &ids {
            assert_eq!(database.with_conn(|conn| body(conn, id)).0, "");
        }
    }
}
