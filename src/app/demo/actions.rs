//! The action items of the December 2017 session, as its report lists them
//! under "Actions proposées" (the mailing list): most for the vendor,
//! Entr'ouvert, the last for the club's members and Entr'ouvert together.

use chrono::{NaiveDate, NaiveDateTime};

use crate::db::actions::{self, ActionRow};
use crate::db::{self, DbConn};
use crate::domain::actions::{ActionState, OwnerKind};
use crate::domain::code;
use crate::domain::error::AppError;

/// One item: its text, whether Entr'ouvert owns it (else the club's
/// members), its due date (year, month, day) and its state.
type DemoItem = (&'static str, bool, (i32, u32, u32), ActionState);

const ITEMS: [DemoItem; 5] = [
    (
        "Relancer la présentation des nouveaux abonnés à la liste de discussion, et voir les abonnés actuels",
        true,
        (2018, 1, 31),
        ActionState::Done,
    ),
    (
        "Rappeler les « règles du jeu » : la liste est bien une liste de discussion",
        true,
        (2018, 1, 31),
        ActionState::Done,
    ),
    (
        "Initier le mouvement : une brève présentation des nouveaux utilisateurs avant de leur céder la plume",
        true,
        (2018, 2, 28),
        ActionState::Done,
    ),
    (
        "Présenter les actualités d'Entr'ouvert qui peuvent concerner les membres du Club (nouvelles embauches, par exemple)",
        true,
        (2018, 3, 31),
        ActionState::Dropped,
    ),
    (
        "Initier des débats sur la liste sur des sujets d'actualité, comme les démarches d'urbanisme en 2018 ou le programme DCANT",
        false,
        (2018, 6, 30),
        ActionState::Open,
    ),
];

/// Raises the session's items once (nothing when it has some already).
pub fn load_december_2017_actions(
    conn: &mut DbConn,
    meeting_id: &str,
    author_id: &str,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    if !actions::of_meeting(conn, meeting_id)?.is_empty() {
        return Ok(());
    }
    let vendor = db::organizations::find_by_slug(conn, "entrouvert")?
        .ok_or_else(|| AppError::internal("demo: no Entr'ouvert"))?;
    for (n, (text, for_vendor, (y, m, d), state)) in ITEMS.into_iter().enumerate() {
        let kind = if for_vendor {
            OwnerKind::Organization
        } else {
            OwnerKind::Club
        };
        let raised = at + chrono::Duration::seconds(i64::try_from(n).unwrap_or_default());
        actions::insert(
            conn,
            &ActionRow {
                id: db::new_id(),
                meeting_id: meeting_id.to_owned(),
                text: text.to_owned(),
                owner_kind: code(kind).to_owned(),
                owner_person_id: None,
                owner_organization_id: for_vendor.then(|| vendor.id.clone()),
                due_on: NaiveDate::from_ymd_opt(y, m, d),
                state: code(state).to_owned(),
                // long past: never to be reminded
                reminded_at: Some(raised),
                created_by: Some(author_id.to_owned()),
                created_at: raised,
                updated_by: Some(author_id.to_owned()),
                updated_at: raised,
            },
        )?;
    }
    Ok(())
}
