//! The club the costs are measured on: a *window* of meetings that stays the
//! same (the last ten weeks and the coming four months: what pages and feeds
//! should show) and *history* that grows (meetings ended more than 200 days
//! ago, beyond the 180 days of past the feeds keep), each with a few answers.
//!
//! One meeting in five is a plenary hosted by a body whose people also
//! answer; the rest are sessions of two working groups. One person belongs to that
//! body, follows one group, and answered about ten meetings of the window
//! and one history meeting in nineteen (about a hundred at 2,000 meetings):
//! their personal feed has history to ignore too.
//!
//! Rows are written through quorum's own db functions (and plain inserts of
//! its answer rows), in one transaction per step: fast on both backends.

use chrono::{Duration, NaiveDateTime};
use diesel::RunQueryDsl;

use quorum::db::meetings::{MeetingFields, MeetingInsertForm};
use quorum::db::rsvps::Rsvp;
use quorum::db::schema::rsvps;
use quorum::db::{self, DbConn};
use quorum::domain::error::AppError;
use quorum::domain::organizations::{NewOrganization, ProjectProfile};
use quorum::domain::people::NewPerson;
use quorum::domain::rsvps::{Approval, Attendance, RsvpState};
use quorum::domain::{ClubStatus, MeetingFormat, MeetingKind, MeetingStatus, OrgKind, code};

use crate::app::RunningApp;

/// Meetings of the window that already took place: one a week.
const WINDOW_PAST: i64 = 10;
/// Meetings of the window still to come: one every six days.
const WINDOW_COMING: i64 = 20;
/// The window: what every size of the club has.
pub const WINDOW: usize = (WINDOW_PAST + WINDOW_COMING) as usize;
/// History starts this many days ago, going back (feeds keep 180 days).
const HISTORY_AGE_DAYS: i64 = 201;
/// Hours between two history meetings (2,000 meetings: about 22 months).
const HISTORY_STEP_HOURS: i64 = 8;
/// Of history meetings, the measured person answered one in this many.
const PERSON_HISTORY_EVERY: usize = 19;
/// Of window meetings, the measured person answered one in this many.
const PERSON_WINDOW_EVERY: usize = 3;

/// The body that hosts meetings and whose people answer.
pub const BODY: &str = "metropole-de-lyon";
/// A second body, whose people answer too.
const OTHER_BODY: &str = "ville-de-feyzin";
/// The working group whose page and feed are measured.
pub const GROUP: &str = "etat-civil";
/// The other working group (followed by others).
const OTHER_GROUP: &str = "urbanisme";

/// What the measured URLs point to.
#[derive(Debug)]
pub struct Club {
    /// A meeting of the window (hosted, with answers), for its page and feed.
    pub meeting_id: String,
    /// The measured person's private feed token.
    pub feed_token: String,
    /// The measured person.
    person_id: String,
    /// Six people of the two bodies who answer history meetings.
    members: Vec<String>,
    body_id: String,
    group_ids: [String; 2],
    /// History meetings added so far.
    history: usize,
    /// Where meeting times are counted from: today, 09:00 UTC.
    morning: NaiveDateTime,
}

impl Club {
    /// The bodies, groups and people, then the window and history up to
    /// `meetings` meetings in all.
    pub fn found(app: &RunningApp, meetings: usize) -> Self {
        let mut club = app.with_conn(|conn| {
            db::write_transaction(conn, |conn| Self::people_and_window(conn, &app.secret_key))
                .expect("the club is founded")
        });
        club.grow_to(app, meetings);
        club
    }

    fn people_and_window(
        conn: &mut DbConn,
        secret: &quorum::domain::secrets::SecretKey,
    ) -> Result<Self, AppError> {
        let body_id = organization(conn, BODY, "Métropole de Lyon", OrgKind::Metropole)?;
        organization(conn, OTHER_BODY, "Ville de Feyzin", OrgKind::Commune)?;
        let group_ids = [
            db::working_groups::create(conn, GROUP, "État-civil", "État-civil", "Actes.")?.id,
            db::working_groups::create(conn, OTHER_GROUP, "Urbanisme", "Urbanisme", "Permis.")?.id,
        ];
        let person_id = person(conn, "camille.martin@grandlyon.fr", "Camille Martin", BODY)?;
        db::working_groups::follow(conn, &person_id, &group_ids[0])?;
        let mut members = Vec::new();
        for n in 0..6 {
            let body = if n < 3 { BODY } else { OTHER_BODY };
            let id = person(
                conn,
                &format!("membre{n}@exemple.fr"),
                "Membre Du Club",
                body,
            )?;
            db::working_groups::follow(conn, &id, &group_ids[n % 2])?;
            members.push(id);
        }
        let feed_token = db::feeds::token_of(conn, secret, &person_id)?;
        let now = db::now();
        let morning = now.date().and_hms_opt(9, 0, 0).unwrap_or(now);
        let mut club = Self {
            meeting_id: String::new(),
            feed_token,
            person_id,
            members,
            body_id,
            group_ids,
            history: 0,
            morning,
        };
        for i in 0..WINDOW {
            let days = if (i as i64) < WINDOW_PAST {
                -7 * (WINDOW_PAST - i as i64)
            } else {
                6 * (i as i64 - WINDOW_PAST + 1)
            };
            let id = club.meeting(conn, i, morning + Duration::days(days))?;
            club.answers(conn, &id, i)?;
            if i.is_multiple_of(PERSON_WINDOW_EVERY) {
                answer(conn, &id, &club.person_id)?;
            }
            if i == WINDOW - 5 {
                club.meeting_id = id;
            }
        }
        Ok(club)
    }

    /// Adds history meetings, older than those already there, until the
    /// club has `meetings` meetings.
    pub fn grow_to(&mut self, app: &RunningApp, meetings: usize) {
        let wanted = meetings - WINDOW;
        app.with_conn(|conn| {
            db::write_transaction(conn, |conn| {
                while self.history < wanted {
                    let n = self.history;
                    let starts = self.morning
                        - Duration::days(HISTORY_AGE_DAYS)
                        - Duration::hours(HISTORY_STEP_HOURS * n as i64);
                    let id = self.meeting(conn, n, starts)?;
                    self.answers(conn, &id, n)?;
                    if n.is_multiple_of(PERSON_HISTORY_EVERY) {
                        answer(conn, &id, &self.person_id)?;
                    }
                    self.history += 1;
                }
                Ok::<_, AppError>(())
            })
            .expect("history is added");
        });
    }

    /// The `n`th meeting of its part of the club: one in five a plenary the
    /// body hosts, else a session of either group.
    fn meeting(
        &self,
        conn: &mut DbConn,
        n: usize,
        starts_at: NaiveDateTime,
    ) -> Result<String, AppError> {
        let hosted = n.is_multiple_of(5);
        let group = &self.group_ids[n % 2];
        let fields = MeetingFields {
            kind: code(if hosted {
                MeetingKind::SpringPlenary
            } else {
                MeetingKind::WorkingGroupSession
            })
            .to_owned(),
            format: code(if hosted {
                MeetingFormat::Hybrid
            } else {
                MeetingFormat::Remote
            })
            .to_owned(),
            status: code(MeetingStatus::Scheduled).to_owned(),
            title: if hosted {
                format!("Plénière de printemps n° {n}")
            } else {
                format!("Session du groupe n° {n}")
            },
            agenda: "Tour de table des collectivités ; retours sur les dernières \
                     versions ; feuille de route ; questions diverses."
                .to_owned(),
            starts_at,
            ends_at: starts_at + Duration::hours(if hosted { 7 } else { 2 }),
            time_zone: "Europe/Paris".to_owned(),
            venue_name: hosted.then(|| "Hôtel de la Métropole".to_owned()),
            venue_address: hosted.then(|| "20 rue du Lac".to_owned()),
            venue_city: hosted.then(|| "Lyon".to_owned()),
            host_organization_id: hosted.then(|| self.body_id.clone()),
            working_group_id: (!hosted).then(|| group.clone()),
            ..MeetingFields::default()
        };
        let id = db::new_id();
        db::meetings::insert(conn, &MeetingInsertForm::new(id.clone(), fields))?;
        Ok(id)
    }

    /// Three members of either body answer yes to the `n`th meeting.
    fn answers(&self, conn: &mut DbConn, meeting_id: &str, n: usize) -> Result<(), AppError> {
        for k in 0..3 {
            answer(
                conn,
                meeting_id,
                &self.members[(n + k) % self.members.len()],
            )?;
        }
        Ok(())
    }
}

fn organization(
    conn: &mut DbConn,
    slug: &str,
    name: &str,
    kind: OrgKind,
) -> Result<String, AppError> {
    let new = NewOrganization::parse(
        slug,
        name,
        kind,
        ClubStatus::Member,
        &ProjectProfile::default(),
    )
    .expect("a valid body");
    Ok(db::organizations::create(conn, &new)?.id)
}

fn person(conn: &mut DbConn, email: &str, name: &str, body: &str) -> Result<String, AppError> {
    let new = NewPerson::parse(email, name, Some(body), false, false).expect("a valid person");
    Ok(db::people::create(conn, &new)?.id)
}

/// A confirmed "yes", remote, written as the seat rule would leave it.
fn answer(conn: &mut DbConn, meeting_id: &str, person_id: &str) -> Result<(), AppError> {
    let now = db::now();
    let row = Rsvp {
        id: db::new_id(),
        meeting_id: meeting_id.to_owned(),
        person_id: person_id.to_owned(),
        answer: code(quorum::domain::rsvps::Answer::Yes).to_owned(),
        attendance: code(Attendance::Remote).to_owned(),
        state: code(RsvpState::Confirmed).to_owned(),
        waitlist_ticket: None,
        waitlist_reason: None,
        approval: code(Approval::NotNeeded).to_owned(),
        decided_by: None,
        project_highlight: String::new(),
        wished_development: String::new(),
        comment: String::new(),
        listed: true,
        created_at: now,
        updated_at: now,
        lunch: false,
        dietary_needs: String::new(),
        accessibility_needs: String::new(),
    };
    diesel::insert_into(rsvps::table)
        .values(&row)
        .execute(conn)?;
    Ok(())
}
