//! Changes to one meeting's answers, written together.
//!
//! Answers to a meeting take its lock (`rsvps::lock`) until they commit, so
//! a thousand people answering at once wait for each other's commit, one
//! disk flush after another. Here the changes of one meeting that arrive
//! while another is being written wait in a line; one task takes the whole
//! line into a single write transaction, runs each change in its own
//! savepoint (a change that fails is rolled back alone and answers its own
//! error), and commits once. Each change answers only once that commit is
//! done: nobody is told "saved" before it is.
//!
//! A change in a batch sees the changes before it, as it would one
//! transaction later, so the seat rule is unchanged. The line belongs to
//! this instance; other instances' batches still take turns on the
//! meeting's lock.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use diesel::Connection;
use tokio::sync::oneshot;

use super::{Db, DbConn, lost, write_transaction};
use crate::domain::error::AppError;

/// The most changes written in one transaction: a bound on how long the
/// meeting's lock is held and how long the first of them waits.
const MOST_AT_ONCE: usize = 64;

/// A change waiting in a line: run in the batch's transaction, then told
/// how the commit went.
trait Change: Send {
    /// Runs the change in a savepoint of the open transaction; keeps its
    /// outcome. Whether PostgreSQL ended it to break a deadlock.
    fn run(&mut self, conn: &mut DbConn) -> bool;
    /// Answers the change's caller: its outcome if the batch committed,
    /// else why it did not.
    fn answer(self: Box<Self>, committed: &Result<(), AppError>);
}

struct Waiting<T, F> {
    work: F,
    outcome: Option<Result<T, AppError>>,
    reply: oneshot::Sender<Result<T, AppError>>,
}

impl<T, F> Change for Waiting<T, F>
where
    F: FnMut(&mut DbConn) -> Result<T, AppError> + Send,
    T: Send,
{
    fn run(&mut self, conn: &mut DbConn) -> bool {
        let outcome = conn.transaction(|conn| (self.work)(conn));
        // diesel names no kind for SQLSTATE 40P01; the server's English
        // words (elsewhere the change fails alone, as any failing change)
        let deadlocked = matches!(&outcome,
            Err(AppError::Internal(message)) if message.contains("deadlock detected"));
        self.outcome = Some(outcome);
        deadlocked
    }

    fn answer(self: Box<Self>, committed: &Result<(), AppError>) {
        let outcome = match (committed, self.outcome) {
            (_, Some(Err(error))) => Err(error),
            (Ok(()), Some(done)) => done,
            (Err(error), _) => Err(error.clone()),
            (Ok(()), None) => Err(AppError::internal("a change was never run")),
        };
        // the caller may be gone (its request ended): its change stands
        let _ = self.reply.send(outcome);
    }
}

/// The lines of changes waiting, per meeting. A line exists while a task
/// writes it; a change that finds no line starts one and its task.
#[derive(Default)]
pub(super) struct Lines {
    lines: Mutex<HashMap<String, VecDeque<Box<dyn Change>>>>,
}

impl Lines {
    /// Puts `change` in `key`'s line; whether the line is new (its task is
    /// to be started).
    fn join(&self, key: &str, change: Box<dyn Change>) -> bool {
        let mut lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        let new = !lines.contains_key(key);
        lines.entry(key.to_owned()).or_default().push_back(change);
        new
    }

    /// The next change of `key`'s line; `None` ends the line, at once, so
    /// that a change arriving later starts another.
    fn next(&self, key: &str) -> Option<Box<dyn Change>> {
        let mut lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        let next = lines.get_mut(key).and_then(VecDeque::pop_front);
        if next.is_none() {
            lines.remove(key);
        }
        next
    }

    /// Puts `change` back at the head of `key`'s line (which exists: the
    /// change was taken from it and the line not found empty since).
    fn put_back(&self, key: &str, change: Box<dyn Change>) {
        let mut lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        lines.entry(key.to_owned()).or_default().push_front(change);
    }

    /// Ends `key`'s line if nothing waits in it; whether it did.
    fn end_if_empty(&self, key: &str) -> bool {
        let mut lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        let empty = lines.get(key).is_none_or(VecDeque::is_empty);
        if empty {
            lines.remove(key);
        }
        empty
    }

    /// Ends `key`'s line, answering every change in it with `error`.
    fn refuse_all(&self, key: &str, error: &AppError) {
        let line = {
            let mut lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
            lines.remove(key).unwrap_or_default()
        };
        for change in line {
            change.answer(&Err(error.clone()));
        }
    }
}

/// How a batch ended.
enum Batch {
    /// The line is over (and gone).
    Done,
    /// The batch was full: more changes wait in the line.
    More,
}

impl Db {
    /// Runs `work` in a write transaction shared with the other changes to
    /// `meeting_id`'s answers arriving at the same moment, each in its own
    /// savepoint; answers once that transaction committed. `work` may run
    /// again (after a lost connection, or a deadlock), as with [`Db::run`].
    pub async fn change_answers<T, F>(&self, meeting_id: String, work: F) -> Result<T, AppError>
    where
        F: FnMut(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let change = Box::new(Waiting {
            work,
            outcome: None,
            reply,
        });
        if self.lines.join(&meeting_id, change) {
            tokio::spawn(self.clone().write_line(meeting_id));
        }
        answer
            .await
            .map_err(|_| AppError::internal("a batch of answers failed before it answered"))?
    }

    /// Writes `key`'s line, a batch at a time, until it is empty.
    async fn write_line(self, key: String) {
        loop {
            let turn = match self.turns.take().await {
                Ok(turn) => turn,
                Err(error) => return self.lines.refuse_all(&key, &error),
            };
            let db = self.clone();
            let line = key.clone();
            let batch = actix_web::web::block(move || {
                let _turn = turn;
                db.write_batch(&line)
            })
            .await;
            match batch {
                Ok(Batch::Done) => return,
                Ok(Batch::More) => {}
                // a change panicked: its caller was answered (its reply
                // dropped); the others of the line still wait
                Err(error) => tracing::error!(%error, "a batch of answers panicked"),
            }
        }
    }

    /// One transaction: the changes taken from `key`'s line, at most
    /// `MOST_AT_ONCE`, each in its savepoint; then each is answered.
    fn write_batch(&self, key: &str) -> Batch {
        let mut taken: Vec<Box<dyn Change>> = Vec::new();
        let mut ended = false;
        let mut write = |conn: &mut DbConn, taken: &mut Vec<Box<dyn Change>>| {
            write_transaction(conn, |conn| {
                // after a lost connection: those taken before, once more
                // (one ended by a deadlock then answers that error)
                for change in taken.iter_mut() {
                    change.run(conn);
                }
                while !ended && taken.len() < MOST_AT_ONCE {
                    let Some(mut change) = self.lines.next(key) else {
                        ended = true;
                        break;
                    };
                    if change.run(conn) {
                        // it waited for what another batch holds, and that
                        // one for what this batch took before: this one
                        // commits first, the change goes in the next
                        self.lines.put_back(key, change);
                        break;
                    }
                    taken.push(change);
                }
                Ok::<(), AppError>(())
            })
        };
        let committed = self
            .get()
            .and_then(|mut conn| match write(&mut conn, &mut taken) {
                Err(error @ AppError::Internal(_)) if lost(&mut conn) => {
                    tracing::warn!(%error, "database connection lost: the batch runs again");
                    drop(conn);
                    let mut conn = self.live_connection()?;
                    write(&mut conn, &mut taken)
                }
                done => done,
            });
        // the transaction could not even begin: the database is away, and
        // the whole line hears it now rather than after a wait each
        let refused = committed
            .as_ref()
            .err()
            .filter(|_| taken.is_empty())
            .cloned();
        for change in taken {
            change.answer(&committed);
        }
        match refused {
            _ if ended => Batch::Done,
            Some(error) => {
                self.lines.refuse_all(key, &error);
                Batch::Done
            }
            // a full batch: another, unless the line emptied meanwhile
            None if self.lines.end_if_empty(key) => Batch::Done,
            None => Batch::More,
        }
    }
}
