//! `quorum demo`: loads the club of the seed report, its past meetings and
//! its next cycle (relative to today). Every row has a fixed id or slug, so
//! loading twice changes nothing.

mod actions;
pub mod club;
mod developments;
mod files;
mod poll;

use std::collections::HashMap;
use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike, Utc, Weekday};
use uuid::Uuid;

use crate::db::hosting_calls::HostingCall;
use crate::db::working_groups::WorkingGroup;
use crate::db::{self, Db, DbConn, write_transaction};
use crate::domain::error::AppError;
use crate::domain::hosting::{CheckedProposal, ProposalEvent};
use crate::domain::meetings::CheckedMeeting;
use crate::domain::organizations::{NewOrganization, ProjectProfile};
use crate::domain::people::NewPerson;
use crate::domain::rsvps::CheckedAnswer;
use crate::domain::video::{CheckedVideo, VideoProvider};
use crate::domain::{MeetingFormat, MeetingKind, MeetingStatus, time};

/// What a load added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    pub organizations: usize,
    pub people: usize,
    pub working_groups: usize,
    pub meetings: usize,
    pub hosting_calls: usize,
    pub host_proposals: usize,
    pub rsvps: usize,
}

impl fmt::Display for Added {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Self::default() {
            return f.write_str("nothing new (already loaded)");
        }
        write!(
            f,
            "{} organizations, {} people, {} working groups, {} meetings, {} hosting calls, {} host proposals, {} answers added",
            self.organizations,
            self.people,
            self.working_groups,
            self.meetings,
            self.hosting_calls,
            self.host_proposals,
            self.rsvps
        )
    }
}

/// Today in Paris, where the club lives.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&time::DEFAULT_ZONE).date_naive()
}

/// Loads the demo club; the next cycle is planned relative to `today`.
/// Answers go through the same seat rule as everywhere
/// (`db::rsvps::answer`), without mail: they are history, not news.
pub fn load(db: &Db, today: NaiveDate) -> Result<Added, AppError> {
    let mut conn = db.get()?;
    write_transaction(&mut conn, |conn| load_in(conn, today))
}

/// A stable id for a demo row, so a second load finds it.
fn demo_id(key: &str) -> String {
    const NAMESPACE: Uuid = Uuid::from_u128(0x6f1d_1c2a_8d0e_4a51_9b3c_2f7a_5e0c_4d21);
    Uuid::new_v5(&NAMESPACE, key.as_bytes()).to_string()
}

/// A Paris wall-clock time as a stored UTC instant.
fn paris(day: NaiveDate, hour: u32, minute: u32) -> Result<NaiveDateTime, AppError> {
    let local = day
        .and_hms_opt(hour, minute, 0)
        .ok_or_else(|| AppError::internal("demo: invalid time"))?;
    time::local_to_utc(local, time::DEFAULT_ZONE)
        .map(|t| t.naive_utc())
        .map_err(|e| AppError::internal(format!("demo: {e:?}")))
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> Result<NaiveDate, AppError> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
        .ok_or_else(|| AppError::internal("demo: no such weekday"))
}

/// The December session: the first Thursday from 7 December (the seed's
/// 2017 session was Thursday 7 December), this year if still to come.
pub fn december_session_day(today: NaiveDate) -> NaiveDate {
    let in_year = |year: i32| {
        let seventh = NaiveDate::from_ymd_opt(year, 12, 7).unwrap_or(today);
        let offset = (7 + Weekday::Thu.num_days_from_monday()
            - seventh.weekday().num_days_from_monday())
            % 7;
        seventh + Duration::days(i64::from(offset))
    };
    let this_year = in_year(today.year());
    if this_year >= today {
        this_year
    } else {
        in_year(today.year() + 1)
    }
}

/// The year of the next spring plenary (usually in June).
pub fn spring_year(today: NaiveDate) -> i32 {
    if today.month() < 6 {
        today.year()
    } else {
        today.year() + 1
    }
}

/// A meeting of the demo, before ids are known.
struct Plan {
    key: String,
    kind: MeetingKind,
    format: MeetingFormat,
    status: MeetingStatus,
    title: String,
    agenda: &'static str,
    minutes: &'static str,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    venue: Option<[&'static str; 4]>,
    host: Option<&'static str>,
    group: Option<&'static str>,
    capacity: Option<i32>,
    rsvp_deadline: Option<NaiveDateTime>,
    /// Whether its answers say if the person takes the lunch.
    asks_lunch: bool,
    /// The answers it has, in the order they were given.
    rsvps: &'static [club::DemoRsvp],
}

const INTERCONNECTES: [&str; 4] = [
    "Les Interconnectés — Centre de congrès de Lyon",
    "50 quai Charles de Gaulle",
    "69006 Lyon",
    "Bus C1, C4 et C5, arrêt Cité Internationale – Centre de Congrès.",
];

const DECEMBER_AGENDA: &str = "\
1. Tour de table : un aspect spécifique de votre projet, un développement souhaité
2. Activités du club : liste de diffusion, groupes de travail, fiches projet
3. Journée de printemps : appel à accueil et propositions reçues
4. Orientation des évolutions et mutualisation des investissements
";

const WORKING_GROUP_AGENDA: &str = "\
Conférence téléphonique et salle de visioconférence avec partage d'écran.

1. Tour de table des collectivités présentes
2. Retours d'expérience et besoins
3. Prochaines étapes
";

/// The vendor's Paris office, where the report suggests holding a working
/// group in person: a small room.
const PARIS_OFFICE: [&str; 4] = [
    "Locaux parisiens d'Entr'ouvert — petite salle de réunion",
    "",
    "Paris",
    "Trois places sur place ; les autres participent par la conférence téléphonique et la visioconférence.",
];

const CONNECTOR_AGENDA: &str = "\
Session hybride : trois places dans les locaux parisiens d'Entr'ouvert, les autres à distance (conférence téléphonique et visioconférence avec partage d'écran).

1. Tour de table : les connecteurs souhaités (gestion électronique de courrier Maarch à Nancy…)
2. Démonstration : écrire un connecteur pas à pas
3. Documentation technique : ce qui manque pour développer en autonomie
";

fn plans(today: NaiveDate) -> Result<Vec<Plan>, AppError> {
    let mut plans = Vec::new();
    let day =
        |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| AppError::internal("demo date"));

    let dec_2017 = day(2017, 12, 7)?;
    plans.push(Plan {
        key: "meeting:december-2017".into(),
        kind: MeetingKind::DecemberSession,
        format: MeetingFormat::InPerson,
        status: MeetingStatus::Scheduled,
        title: "Club utilisateurs Publik — 4e réunion, aux Interconnectés".into(),
        agenda: DECEMBER_AGENDA,
        minutes: club::MINUTES_2017_12_07,
        starts_at: paris(dec_2017, 14, 0)?,
        ends_at: paris(dec_2017, 17, 0)?,
        venue: Some(INTERCONNECTES),
        host: None,
        group: None,
        capacity: Some(40),
        rsvp_deadline: None,
        asks_lunch: false,
        rsvps: &[],
    });
    // The report says "à Alfortville en juin 2017"; the day is not given.
    let june_2017 = day(2017, 6, 15)?;
    plans.push(Plan {
        key: "meeting:spring-2017".into(),
        kind: MeetingKind::SpringPlenary,
        format: MeetingFormat::InPerson,
        status: MeetingStatus::Scheduled,
        title: "Club utilisateurs Publik — 3e réunion, à Alfortville".into(),
        agenda: "",
        minutes: "",
        starts_at: paris(june_2017, 9, 30)?,
        ends_at: paris(june_2017, 17, 0)?,
        venue: Some([
            "Hôtel de ville d'Alfortville",
            "Place François Mitterrand",
            "94140 Alfortville",
            "",
        ]),
        host: Some("alfortville"),
        group: None,
        capacity: Some(50),
        rsvp_deadline: None,
        asks_lunch: true,
        rsvps: club::SPRING_2017_RSVPS,
    });

    let december = december_session_day(today);
    plans.push(Plan {
        key: format!("meeting:december-{}", december.year()),
        kind: MeetingKind::DecemberSession,
        format: MeetingFormat::InPerson,
        status: MeetingStatus::Scheduled,
        title: format!(
            "Club utilisateurs Publik — réunion de décembre {}, aux Interconnectés",
            december.year()
        ),
        agenda: DECEMBER_AGENDA,
        minutes: "",
        starts_at: paris(december, 14, 0)?,
        ends_at: paris(december, 17, 0)?,
        venue: Some(INTERCONNECTES),
        host: None,
        group: None,
        capacity: Some(40),
        rsvp_deadline: Some(paris(december - Duration::days(3), 12, 0)?),
        asks_lunch: false,
        rsvps: club::DECEMBER_RSVPS,
    });

    // Drafted until a host is chosen through the call for hosts.
    let spring = spring_year(today);
    let plenary_day = nth_weekday(spring, 6, Weekday::Thu, 2)?;
    plans.push(Plan {
        key: format!("meeting:spring-{spring}"),
        kind: MeetingKind::SpringPlenary,
        format: MeetingFormat::InPerson,
        status: MeetingStatus::Draft,
        title: format!("Club utilisateurs Publik — journée de printemps {spring}"),
        agenda: "",
        minutes: "",
        starts_at: paris(plenary_day, 9, 30)?,
        ends_at: paris(plenary_day, 17, 0)?,
        venue: None,
        host: None,
        group: None,
        capacity: None,
        rsvp_deadline: None,
        asks_lunch: true,
        rsvps: &[],
    });

    // Sessions on the third Thursday of the coming months: remote, but the
    // connector group meets in the vendor's Paris office too, where three
    // seats are all taken and one person waits.
    let sessions = [
        ("etat-civil", 1, 10),
        ("connecteur-courrier", 1, 14),
        ("elections", 2, 10),
        ("democratie-participative", 3, 10),
    ];
    for (group, months_ahead, hour) in sessions {
        let in_paris = group == "connecteur-courrier";
        let month0 = today.month0() + months_ahead;
        let (year, month) = (today.year() + (month0 / 12) as i32, month0 % 12 + 1);
        let session_day = nth_weekday(year, month, Weekday::Thu, 3)?;
        let name = club::WORKING_GROUPS
            .iter()
            .find(|g| g.slug == group)
            .map_or(group, |g| g.name);
        plans.push(Plan {
            key: format!("meeting:{group}-{year}-{month:02}"),
            kind: MeetingKind::WorkingGroupSession,
            format: if in_paris {
                MeetingFormat::Hybrid
            } else {
                MeetingFormat::Remote
            },
            status: MeetingStatus::Scheduled,
            title: format!("Groupe de travail {name}"),
            agenda: if in_paris {
                CONNECTOR_AGENDA
            } else {
                WORKING_GROUP_AGENDA
            },
            minutes: "",
            starts_at: paris(session_day, hour, 0)?,
            ends_at: paris(session_day, hour + 1, 30)?,
            venue: in_paris.then_some(PARIS_OFFICE),
            host: None,
            group: Some(group),
            capacity: in_paris.then_some(3),
            rsvp_deadline: None,
            asks_lunch: false,
            rsvps: if in_paris {
                club::CONNECTOR_SESSION_RSVPS
            } else {
                &[]
            },
        });
    }
    Ok(plans)
}

fn load_in(conn: &mut DbConn, today: NaiveDate) -> Result<Added, AppError> {
    let mut added = Added::default();

    let mut org_ids = HashMap::new();
    for org in club::ORGANIZATIONS {
        let id = match db::organizations::find_by_slug(conn, org.slug)? {
            Some(existing) => existing.id,
            None => {
                let id = demo_id(&format!("organization:{}", org.slug));
                let new = NewOrganization {
                    slug: org.slug.into(),
                    name: org.name.into(),
                    kind: org.kind,
                    club_status: org.status,
                    profile: ProjectProfile {
                        territory: org.territory.map(Into::into),
                        website: org.website.map(Into::into),
                        project_highlight: org.project_highlight.into(),
                        wished_developments: org.wished_developments.into(),
                        ordered_developments: org.ordered_developments.into(),
                        ..ProjectProfile::default()
                    },
                };
                db::organizations::insert(conn, &id, &new)?;
                added.organizations += 1;
                id
            }
        };
        org_ids.insert(org.slug, id);
    }

    let mut group_ids = HashMap::new();
    for group in club::WORKING_GROUPS {
        let id = match db::working_groups::find_by_slug(conn, group.slug)? {
            Some(existing) => existing.id,
            None => {
                let id = demo_id(&format!("working-group:{}", group.slug));
                let new = WorkingGroup::new(
                    id.clone(),
                    group.slug,
                    group.name,
                    group.topic,
                    group.description,
                );
                db::working_groups::insert(conn, &new)?;
                added.working_groups += 1;
                id
            }
        };
        group_ids.insert(group.slug, id);
    }

    for demo in club::PEOPLE {
        if db::people::find_by_email(conn, demo.email)?.is_some() {
            continue;
        }
        let new = NewPerson::parse(
            demo.email,
            demo.name,
            demo.organization,
            demo.admin,
            demo.manager,
        )
        .map_err(|e| AppError::internal(format!("demo person {}: {e:?}", demo.email)))?;
        let person = db::people::create(conn, &new)?;
        for slug in demo.coordinates {
            if let Some(group_id) = group_ids.get(slug) {
                db::people::add_coordinator(conn, &person.id, group_id)?;
            }
        }
        added.people += 1;
    }

    for plan in plans(today)? {
        let id = demo_id(&plan.key);
        if !db::meetings::exists(conn, &id)? {
            insert_meeting(conn, &id, &plan)?;
            added.meetings += 1;
        }
        added.rsvps += load_rsvps(conn, &id, plan.rsvps)?;
    }

    load_december_2017_record(conn)?;
    load_hosting_call(conn, today, &org_ids, &mut added)?;
    poll::load(conn, today)?;
    Ok(added)
}

/// The December 2017 session as the report records it: its minutes,
/// published by the club coordinator on 20 December 2017 (the date of the
/// report's files) and not mailed again, and who was there (the demo's
/// people of the bodies the report names, in person: the meeting predates
/// quorum, so nobody answered and each is recorded as come without an
/// answer).
fn load_december_2017_record(conn: &mut DbConn) -> Result<(), AppError> {
    let id = demo_id("meeting:december-2017");
    let coordinator = db::people::find_by_email(conn, club::MINUTES_2017_AUTHOR)?
        .ok_or_else(|| AppError::internal("demo: no club coordinator"))?;
    let published_at = NaiveDate::from_ymd_opt(2017, 12, 20)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .ok_or_else(|| AppError::internal("demo date"))?;
    db::minutes::insert_published(
        conn,
        &id,
        club::MINUTES_2017_12_07,
        published_at,
        Some(&coordinator.id),
    )?;
    files::load_december_2017_files(conn, &id, &coordinator.id, published_at)?;
    actions::load_december_2017_actions(conn, &id, &coordinator.id, published_at)?;
    developments::load_december_2017_pledges(conn, &id, published_at)?;
    if !db::attendance::recorded(conn, &id)?.is_empty() {
        return Ok(());
    }
    let mut rows = Vec::new();
    for email in club::PRESENT_2017_12_07 {
        let person = db::people::find_by_email(conn, email)?
            .ok_or_else(|| AppError::internal(format!("demo: no person {email}")))?;
        rows.push(db::attendance::AttendanceRow {
            meeting_id: id.clone(),
            person_id: person.id,
            status: crate::domain::code(crate::domain::attendance::Presence::InPerson).to_owned(),
            walk_in: true,
            recorded_by: Some(coordinator.id.clone()),
            recorded_at: published_at,
        });
    }
    db::attendance::replace(conn, &id, &rows)
}

/// The demo as `quorum demo` and `quorum serve --demo` load it: the club
/// for today, and a session about to start.
pub fn load_now(db: &Db) -> Result<Added, AppError> {
    let mut added = load(db, today())?;
    let live = load_live_session(db, db::now())?;
    added.meetings += live.meetings;
    added.rsvps += live.rsvps;
    Ok(added)
}

/// A working-group session about to start (ten minutes after `now`, inside
/// the join window) with a Jitsi room and a phone bridge, one person
/// confirmed: the join gateway can be tried at once. One per day of
/// loading; the demo club must be loaded first.
pub fn load_live_session(db: &Db, now: NaiveDateTime) -> Result<Added, AppError> {
    let mut conn = db.get()?;
    write_transaction(&mut conn, |conn| {
        let mut added = Added::default();
        live_session_in(conn, now, &mut added)?;
        Ok(added)
    })
}

fn live_session_in(
    conn: &mut DbConn,
    now: NaiveDateTime,
    added: &mut Added,
) -> Result<(), AppError> {
    let group = "democratie-participative";
    if db::working_groups::find_by_slug(conn, group)?.is_none() {
        return Err(AppError::internal(
            "demo: load the club before its live session",
        ));
    }
    let today = now
        .and_utc()
        .with_timezone(&time::DEFAULT_ZONE)
        .date_naive();
    let starts_at = (now + Duration::minutes(10))
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now);
    let plan = Plan {
        key: format!("meeting:{group}-live-{today}"),
        kind: MeetingKind::WorkingGroupSession,
        format: MeetingFormat::Remote,
        status: MeetingStatus::Scheduled,
        title: "Groupe de travail démocratie participative — point d'étape en visio".into(),
        agenda: WORKING_GROUP_AGENDA,
        minutes: "",
        starts_at,
        ends_at: starts_at + Duration::hours(1),
        venue: None,
        host: None,
        group: Some(group),
        capacity: None,
        rsvp_deadline: None,
        asks_lunch: false,
        rsvps: club::LIVE_SESSION_RSVPS,
    };
    let id = demo_id(&plan.key);
    if !db::meetings::exists(conn, &id)? {
        insert_meeting(conn, &id, &plan)?;
        let video = CheckedVideo {
            provider: Some(VideoProvider::Jitsi),
            url: None,
            // a number reserved for fiction by the French regulator
            dial_in_number: Some("+33 1 99 00 12 34".into()),
            dial_in_pin: Some("7391".into()),
        };
        db::rooms::set(conn, &id, &video)?;
        added.meetings += 1;
    }
    added.rsvps += load_rsvps(conn, &id, plan.rsvps)?;
    Ok(())
}

/// Stores a planned meeting as a page does (checked fields, body and group
/// by slug), with its minutes.
fn insert_meeting(conn: &mut DbConn, id: &str, plan: &Plan) -> Result<(), AppError> {
    let [venue_name, venue_address, venue_city, venue_directions] =
        plan.venue.map_or([const { None }; 4], |v| {
            v.map(|s| (!s.is_empty()).then(|| s.to_owned()))
        });
    let checked = CheckedMeeting {
        kind: plan.kind,
        format: plan.format,
        status: plan.status,
        title: plan.title.clone(),
        agenda: plan.agenda.into(),
        starts_at: plan.starts_at.and_utc(),
        ends_at: plan.ends_at.and_utc(),
        zone: time::DEFAULT_ZONE,
        venue_name,
        venue_address,
        venue_city,
        venue_directions,
        venue_geo: None,
        host_organization: plan.host.map(Into::into),
        working_group: plan.group.map(Into::into),
        capacity: plan.capacity,
        remote_capacity: None,
        organization_quota: None,
        approval_required: false,
        asks_lunch: plan.asks_lunch,
        rsvp_deadline: plan.rsvp_deadline.map(|d| d.and_utc()),
        video: CheckedVideo::default(),
    };
    let mut form = db::meetings::new_form(conn, id.to_owned(), &checked)?;
    form.minutes = plan.minutes.into();
    db::meetings::insert(conn, &form)
}

/// The answers of demo people to one meeting, those they did not give yet,
/// through the seat rule: returns how many were added.
fn load_rsvps(
    conn: &mut DbConn,
    meeting_id: &str,
    rsvps: &[club::DemoRsvp],
) -> Result<usize, AppError> {
    let mut added = 0;
    for demo in rsvps {
        let person = db::people::find_by_email(conn, demo.email)?
            .ok_or_else(|| AppError::internal(format!("demo: no person {}", demo.email)))?;
        if db::rsvps::find(conn, meeting_id, &person.id)?.is_some() {
            continue;
        }
        let checked = CheckedAnswer {
            answer: demo.answer,
            attendance: Some(demo.attendance),
            project_highlight: demo.project_highlight.to_owned(),
            wished_development: demo.wished_development.to_owned(),
            comment: String::new(),
            listed: demo.listed,
            lunch: demo.lunch,
            dietary_needs: demo.dietary_needs.to_owned(),
            accessibility_needs: String::new(),
        };
        // history, not news: nobody is mailed
        db::rsvps::answer(conn, meeting_id, &person, &checked, |_| Ok(()))?;
        added += 1;
    }
    Ok(added)
}

/// The call for hosts of the next spring plenary, answered by the two
/// metropolitan areas that offered in the report.
fn load_hosting_call(
    conn: &mut DbConn,
    today: NaiveDate,
    org_ids: &HashMap<&str, String>,
    added: &mut Added,
) -> Result<(), AppError> {
    let now = db::now();
    let spring = spring_year(today);
    let call_id = demo_id(&format!("hosting-call:{spring}"));
    if db::hosting_calls::find(conn, &call_id)?.is_none() {
        let january_end = NaiveDate::from_ymd_opt(spring, 1, 31).unwrap_or(today);
        let may_15 = NaiveDate::from_ymd_opt(spring, 5, 15).unwrap_or(today);
        db::hosting_calls::insert(
            conn,
            &HostingCall {
                id: call_id.clone(),
                title: format!("Appel à accueil : journée de printemps {spring}"),
                year: spring,
                wished_period_start: NaiveDate::from_ymd_opt(spring, 6, 1).unwrap_or(today),
                wished_period_end: NaiveDate::from_ymd_opt(spring, 6, 30).unwrap_or(today),
                // four weeks from today, but within January 31 – May 15
                deadline: (today + Duration::days(28)).clamp(january_end, may_15),
                requirements: "- une salle pour 50 personnes, avec écran et sonorisation\n\
                               - un accès facile en transports en commun\n\
                               - un déjeuner sur place\n\
                               - si possible, une retransmission pour les collectivités à distance"
                    .into(),
                meeting_id: Some(demo_id(&format!("meeting:spring-{spring}"))),
                created_at: now,
                updated_at: now,
            },
        )?;
        added.hosting_calls += 1;
    }

    let offers = [
        (
            "grand-lyon",
            "Hôtel de la Métropole de Lyon",
            "20 rue du Lac",
            "69003 Lyon",
            "Métro B, station Place Guichard ; tramway T1, arrêt Part-Dieu Servient.",
            "Salle du conseil accessible aux personnes à mobilité réduite.",
            80,
            "Écran, sonorisation, retransmission en direct.",
            "Déjeuner servi sur place.",
            [(Weekday::Thu, 2), (Weekday::Thu, 3)],
        ),
        (
            "montpellier",
            "Hôtel de Métropole de Montpellier",
            "50 place Zeus",
            "34000 Montpellier",
            "Tramway lignes 1 et 3, arrêt Léon Blum ; 10 minutes à pied de la gare Saint-Roch.",
            "Accès de plain-pied, ascenseurs.",
            60,
            "Écran et sonorisation.",
            "Buffet.",
            [(Weekday::Tue, 3), (Weekday::Thu, 4)],
        ),
    ];
    for (
        slug,
        venue,
        address,
        city,
        directions,
        accessibility,
        capacity,
        equipment,
        catering,
        dates,
    ) in offers
    {
        let id = demo_id(&format!("host-proposal:{spring}:{slug}"));
        let exists = db::hosting_calls::proposals(conn, &call_id)?
            .iter()
            .any(|p| p.proposal.id == id);
        if exists {
            continue;
        }
        let organization_id = org_ids
            .get(slug)
            .cloned()
            .ok_or_else(|| AppError::internal("demo: unknown host"))?;
        let mut candidates = Vec::new();
        for (weekday, n) in dates {
            let day = nth_weekday(spring, 6, weekday, n)?;
            candidates.push((paris(day, 9, 30)?.and_utc(), paris(day, 17, 0)?.and_utc()));
        }
        let checked = CheckedProposal {
            dates: candidates,
            zone: time::DEFAULT_ZONE,
            venue_name: venue.into(),
            venue_address: address.into(),
            venue_city: city.into(),
            venue_directions: directions.into(),
            accessibility: accessibility.into(),
            capacity,
            equipment: equipment.into(),
            has_screen: true,
            has_sound: true,
            has_streaming: slug == "grand-lyon",
            catering: catering.into(),
            access_notes: String::new(),
            contact_name: String::new(),
            contact_email: format!("chef.projet@{slug}.example"),
            contact_phone: String::new(),
            warnings: Vec::new(),
        };
        db::hosting_calls::insert_proposal(conn, &id, &call_id, &organization_id, &checked)?;
        let manager = format!("chef.projet@{slug}.example");
        let manager = db::people::find_by_email(conn, &manager)?.map(|p| p.id);
        db::hosting_calls::record(conn, &id, ProposalEvent::Submitted, manager.as_deref())?;
        for (supported, email, comment) in DEMO_SUPPORTS {
            if supported == slug
                && let Some(person) = db::people::find_by_email(conn, email)?
            {
                db::hosting_calls::support(conn, &id, &person.id, comment)?;
            }
        }
        added.host_proposals += 1;
    }
    Ok(())
}

/// Members supporting the demo's proposals: the host's slug, the
/// supporter's address, their comment.
const DEMO_SUPPORTS: [(&str, &str, &str); 4] = [
    (
        "grand-lyon",
        "enfance@arles.example",
        "Lyon est à deux heures de train d'Arles : nous viendrons à plusieurs.",
    ),
    ("grand-lyon", "chef.projet@strasbourg.example", ""),
    (
        "montpellier",
        "chef.projet@sicoval.example",
        "Montpellier est proche pour les collectivités du Sud-Ouest.",
    ),
    ("montpellier", "enfance@arles.example", ""),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid")
    }

    #[test]
    fn december_session_is_the_first_thursday_from_the_seventh() {
        assert_eq!(december_session_day(day(2017, 11, 1)), day(2017, 12, 7));
        assert_eq!(december_session_day(day(2026, 11, 28)), day(2026, 12, 10));
        assert_eq!(december_session_day(day(2026, 12, 11)), day(2027, 12, 9));
    }

    #[test]
    fn spring_plenary_is_the_coming_june() {
        assert_eq!(spring_year(day(2026, 11, 28)), 2027);
        assert_eq!(spring_year(day(2027, 2, 1)), 2027);
    }
}
