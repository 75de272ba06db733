//! A connection the server kills under the work is no 500: the work runs
//! once more on another connection, and a second loss answers 503 (with
//! `Retry-After`, as every `Unavailable`). PostgreSQL only: an SQLite file
//! has no connection to lose.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::Connection;
use diesel::connection::SimpleConnection;
use quorum::db::DbConn;
use quorum::domain::error::AppError;

use crate::helpers::{Backend, postgres_admin_url, test_database};

/// The server ends this connection (as a restart or an administrator would).
fn killed(conn: &mut DbConn) -> Result<(), AppError> {
    conn.batch_execute("SELECT pg_terminate_backend(pg_backend_pid())")?;
    Ok(())
}

#[tokio::test]
async fn a_killed_connection_is_retried_once_then_answers_503() {
    if postgres_admin_url().is_none() {
        return;
    }
    let database = test_database(Backend::Postgres, |_| {});
    let attempts = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&attempts);
    let answer = database
        .db
        .run(move |conn| {
            if counted.fetch_add(1, Ordering::SeqCst) == 0 {
                killed(conn)?;
            }
            conn.batch_execute("SELECT 1")?;
            Ok("done")
        })
        .await;
    assert_eq!(answer.expect("answered on another connection"), "done");
    assert_eq!(attempts.load(Ordering::SeqCst), 2, "run once more, no more");

    let lost_twice = database.db.run(killed).await;
    assert!(
        matches!(lost_twice, Err(AppError::Unavailable(_))),
        "{lost_twice:?}"
    );

    // an ordinary failure is not run again
    let attempts = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&attempts);
    let failed = database
        .db
        .run(move |conn| {
            counted.fetch_add(1, Ordering::SeqCst);
            conn.batch_execute("SELECT * FROM no_such_table")?;
            Ok(())
        })
        .await;
    assert!(matches!(failed, Err(AppError::Internal(_))), "{failed:?}");
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
}

/// A restarted server ends every connection of the pool at once: the
/// connections are not tested before each lend, so the first work meets a
/// dead one; it runs again on one that answers, and no dead connection is
/// lent twice.
#[tokio::test]
async fn every_connection_ended_at_once_costs_one_retry_not_an_error() {
    let Some(admin) = postgres_admin_url() else {
        return;
    };
    let database = test_database(Backend::Postgres, |layer| {
        layer.database_pool_size = Some(3);
    });
    let held: Vec<_> = (0..3)
        .map(|_| database.db.get().expect("a connection"))
        .collect();
    drop(held);
    let quorum::db::DatabaseUrl::Postgres(url) = database.db.url() else {
        panic!("PostgreSQL");
    };
    let name = url.rsplit('/').next().expect("a database name");
    let mut admin = diesel::PgConnection::establish(&admin).expect("admin connection");
    admin
        .batch_execute(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ))
        .expect("ended");
    for round in 0..6 {
        let answer = database
            .db
            .run(move |conn| {
                conn.batch_execute("SELECT 1")?;
                Ok(round)
            })
            .await;
        assert_eq!(answer.expect("answered"), round);
    }
}
