//! What an answer costs must not grow with the waiting list: each way of
//! answering (a new "yes" that waits, a "maybe" that leaves the line, a
//! withdrawal that gives a seat to the first in line, a "yes" again) runs as
//! many queries with 500 people in line as with 10, and holds about as much
//! memory at once (the rule of the pages: an eighth more, at least 16 KiB):
//! an answer that reads every answer of the meeting, even in one query,
//! holds the 500 of them.

use quorum::db::meetings::{MeetingFields, MeetingInsertForm};
use quorum::db::{self, DbConn};
use quorum::domain::error::AppError;
use quorum::domain::people::NewPerson;
use quorum::domain::rsvps::{AnswerInput, CheckedAnswer, RsvpState};
use quorum::domain::{MeetingFormat, MeetingKind, MeetingStatus, code};

use crate::MEMORY;
use crate::app::{Backend, RunningApp};
use crate::measure::queries_so_far;

/// Seats of the meeting.
const SEATS: usize = 5;
/// People in line for the first measure, then for the second.
const SHORT_LINE: usize = 10;
const LONG_LINE: usize = 500;
/// Requests of each kind per measure; the least count is kept.
const TRIES: usize = 3;

/// A way of answering, asked over HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// A new "yes": the seats are taken, it waits at the end of the line.
    NewYesWaits,
    /// Someone in line answers "maybe": they leave the line.
    MaybeLeavesTheLine,
    /// Someone seated withdraws: the first in line takes the seat.
    WithdrawalPromotes,
    /// Someone who said "maybe" says "yes" again: back at the end of the line.
    YesAgain,
}

const WAYS: [Way; 4] = [
    Way::NewYesWaits,
    Way::MaybeLeavesTheLine,
    Way::WithdrawalPromotes,
    Way::YesAgain,
];

/// The meeting and its people: (person id, API token), by how they stand.
struct Crowd {
    meeting_id: String,
    /// People who have not answered yet.
    fresh: Vec<(String, String)>,
    /// People who answered "maybe" during a measure.
    maybes: Vec<(String, String)>,
    next: usize,
}

impl Crowd {
    fn person(&mut self, app: &RunningApp) -> (String, String) {
        self.next += 1;
        let email = format!("personne{:04}@club.example", self.next);
        let new = NewPerson::parse(&email, "Une personne", None, false, false).expect("valid");
        let id = app.with_conn(|conn| db::people::create(conn, &new).expect("created").id);
        let token =
            quorum::app::admin_commands::issue_token(&app.db, &email, "costs").expect("a token");
        (id, token)
    }

    /// Fills the line up to `line` people behind the seats (written through
    /// `db::rsvps::answer`, in one transaction), and makes `TRIES` + 1 fresh
    /// people for the new answers.
    fn fill(&mut self, app: &RunningApp, line: usize) {
        let waiting = app.with_conn(|conn| count(conn, &self.meeting_id, RsvpState::Waitlisted));
        let seated = app.with_conn(|conn| count(conn, &self.meeting_id, RsvpState::Confirmed));
        let missing = (SEATS - seated) + line.saturating_sub(waiting);
        let people: Vec<(String, String)> = (0..missing).map(|_| self.person(app)).collect();
        let yes = CheckedAnswer::parse(&AnswerInput {
            answer: "yes".into(),
            ..AnswerInput::default()
        })
        .expect("an answer");
        app.with_conn(|conn| {
            db::write_transaction(conn, |conn| {
                for (id, _) in &people {
                    let person = db::people::find(conn, id)?.ok_or(AppError::NotFound)?;
                    db::rsvps::answer(conn, &self.meeting_id, &person, &yes, |_| Ok(()))?;
                }
                Ok::<_, AppError>(())
            })
            .expect("the line is filled");
        });
        self.fresh = (0..=TRIES).map(|_| self.person(app)).collect();
    }
}

fn count(conn: &mut DbConn, meeting_id: &str, state: RsvpState) -> usize {
    db::rsvps::participants(conn, meeting_id)
        .expect("answers")
        .iter()
        .filter(|p| p.rsvp.state == code(state))
        .count()
}

/// Someone of the meeting in `state`: the first in line, or a seated one.
fn someone(app: &RunningApp, meeting_id: &str, state: RsvpState) -> (String, String) {
    app.with_conn(|conn| {
        let all = db::rsvps::participants(conn, meeting_id).expect("answers");
        let p = all
            .iter()
            .filter(|p| p.rsvp.state == code(state))
            .min_by_key(|p| p.waitlist_position)
            .expect("someone");
        let token = quorum::app::admin_commands::issue_token(&app.db, &p.person.email, "costs")
            .expect("a token");
        (p.person.id.clone(), token)
    })
}

/// The queries of one answer of this `way`, and the bytes the process held
/// at its peak beyond what it held before.
async fn once(app: &RunningApp, crowd: &mut Crowd, way: Way) -> (usize, usize) {
    let client = reqwest::Client::new();
    let path = format!("{}/api/v1/meetings/{}/rsvp", app.address, crowd.meeting_id);
    let (token, request) = match way {
        Way::NewYesWaits => {
            let (_, token) = crowd.fresh.pop().expect("a fresh person");
            (
                token,
                client
                    .put(&path)
                    .json(&serde_json::json!({"answer": "yes"})),
            )
        }
        Way::MaybeLeavesTheLine => {
            let person = someone(app, &crowd.meeting_id, RsvpState::Waitlisted);
            crowd.maybes.push(person.clone());
            (
                person.1,
                client
                    .put(&path)
                    .json(&serde_json::json!({"answer": "maybe"})),
            )
        }
        Way::WithdrawalPromotes => {
            let (_, token) = someone(app, &crowd.meeting_id, RsvpState::Confirmed);
            (token, client.delete(&path))
        }
        Way::YesAgain => {
            let (_, token) = crowd.maybes.pop().expect("someone who said maybe");
            (
                token,
                client
                    .put(&path)
                    .json(&serde_json::json!({"answer": "yes"})),
            )
        }
    };
    // a pause for the server to finish with what came before
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let before = queries_so_far();
    let held_before = MEMORY.current_usage();
    MEMORY.reset_peak_usage();
    let response = request.bearer_auth(token).send().await.expect("answered");
    let status = response.status().as_u16();
    let _ = response.bytes().await;
    let held = MEMORY.peak_usage().saturating_sub(held_before);
    let queries = queries_so_far() - before;
    assert!([200, 204].contains(&status), "{way:?}: {status}");
    (queries, held)
}

/// The least count of queries and of bytes held of each way, over `TRIES`
/// answers each.
async fn measure(app: &RunningApp, crowd: &mut Crowd) -> Vec<(usize, usize)> {
    let mut counts = Vec::new();
    for way in WAYS {
        let (mut queries, mut held) = (usize::MAX, usize::MAX);
        for _ in 0..TRIES {
            let (q, h) = once(app, crowd, way).await;
            queries = queries.min(q);
            held = held.min(h);
        }
        counts.push((queries, held));
    }
    counts
}

/// Measures one backend; returns its table and whether every way passed.
pub async fn answer_costs_on(backend: Backend) -> (String, bool) {
    let app = RunningApp::start(backend);
    let meeting_id = app.with_conn(|conn| {
        let starts_at = db::now() + chrono::Duration::days(30);
        let fields = MeetingFields {
            kind: code(MeetingKind::SpringPlenary).to_owned(),
            format: code(MeetingFormat::InPerson).to_owned(),
            status: code(MeetingStatus::Scheduled).to_owned(),
            title: "Journée de printemps".to_owned(),
            starts_at,
            ends_at: starts_at + chrono::Duration::hours(7),
            time_zone: "Europe/Paris".to_owned(),
            capacity: Some(i32::try_from(SEATS).expect("small")),
            ..MeetingFields::default()
        };
        let id = db::new_id();
        db::meetings::insert(conn, &MeetingInsertForm::new(id.clone(), fields)).expect("a meeting");
        id
    });
    let mut crowd = Crowd {
        meeting_id,
        fresh: Vec::new(),
        maybes: Vec::new(),
        next: 0,
    };
    crowd.fill(&app, SHORT_LINE);
    // one of each first: the pool's connections, prepared statements
    for way in WAYS {
        once(&app, &mut crowd, way).await;
    }
    crowd.fill(&app, SHORT_LINE);
    let short = measure(&app, &mut crowd).await;
    crowd.fill(&app, LONG_LINE);
    let long = measure(&app, &mut crowd).await;
    let kib = |b: usize| format!("{:.1}", b as f64 / 1024.0);
    let mut table = format!(
        "\n{backend:?}: one answer, {SHORT_LINE} (S) and {LONG_LINE} (L) in line for {SEATS} \
         seats; held: KiB at the peak.\nRule: queries@L = queries@S; held@L <= held@S + \
         max(held@S / 8, 16 KiB).\n{:<24} {:>9} {:>9} {:>8} {:>8}  verdict\n",
        "answer", "queries@S", "queries@L", "held@S", "held@L"
    );
    let mut pass = true;
    for ((way, (qs, hs)), (ql, hl)) in WAYS.iter().zip(&short).zip(&long) {
        let mut faults = Vec::new();
        if qs != ql {
            faults.push("queries grow");
        }
        if *hl > hs + (hs / 8).max(16 * 1024) {
            faults.push("memory grows");
        }
        pass &= faults.is_empty();
        table.push_str(&format!(
            "{:<24} {qs:>9} {ql:>9} {:>8} {:>8}  {}\n",
            format!("{way:?}"),
            kib(*hs),
            kib(*hl),
            if faults.is_empty() {
                "ok".to_owned()
            } else {
                faults.join(", ")
            }
        ));
    }
    println!("{table}");
    (table, pass)
}
