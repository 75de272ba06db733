//! The demo's date poll: the social group looks for the date of its next
//! session, and a few bodies already answered (stored directly: no mail).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::demo_id;
use crate::db::{self, DbConn};
use crate::domain::error::AppError;
use crate::domain::polls::{CheckedPoll, PollAnswer, PollInput, SlotInput};

/// Who answered, and what for each of the three slots.
const ANSWERS: &[(&str, [PollAnswer; 3])] = {
    use PollAnswer::{IfNeedBe, No, Yes};
    &[
        ("enfance@arles.example", [Yes, IfNeedBe, No]),
        ("chef.projet@nancy.example", [No, Yes, Yes]),
        ("chef.projet@strasbourg.example", [Yes, Yes, IfNeedBe]),
        ("chef.projet@vincennes.example", [No, Yes, Yes]),
    ]
};

/// Loads the social group's open poll, unless it is there already.
/// Returns whether it was added.
pub fn load(conn: &mut DbConn, today: NaiveDate) -> Result<bool, AppError> {
    let id = demo_id("date-poll:social");
    if db::polls::find(conn, &id)?.is_some() {
        return Ok(false);
    }
    let (Some(group), Some(coordinator)) = (
        db::working_groups::find_by_slug(conn, "social")?,
        db::people::find_by_email(conn, "brice.mallet@entrouvert.example")?,
    ) else {
        return Err(AppError::internal(
            "demo: the social group or its coordinator is missing",
        ));
    };
    // the Tuesday five weeks ahead, then Thursday, then the next Tuesday
    let days_to_tuesday =
        (7 + Weekday::Tue.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    let tuesday = today + Duration::days(i64::from(days_to_tuesday) + 35);
    let slot = |day: NaiveDate| SlotInput {
        starts_at_local: format!("{}T14:00", day.format("%Y-%m-%d")),
        ends_at_local: format!("{}T16:00", day.format("%Y-%m-%d")),
    };
    let input = PollInput {
        title: "Groupe de travail Social : prochaine session".into(),
        description: "Quelle date pour la prochaine session du groupe Social ? \
                      Session à distance : conférence téléphonique et visioconférence \
                      avec partage d'écran."
            .into(),
        time_zone: "Europe/Paris".into(),
        format: "remote".into(),
        video_provider: "jitsi".into(),
        slots: vec![
            slot(tuesday),
            slot(tuesday + Duration::days(2)),
            slot(tuesday + Duration::days(7)),
        ],
        deadline_local: format!("{}T18:00", (tuesday - Duration::days(7)).format("%Y-%m-%d")),
        hide_results: false,
    };
    let checked = CheckedPoll::parse(&input, db::now())
        .map_err(|e| AppError::internal(format!("demo poll: {e:?}")))?;
    db::polls::insert(conn, &id, &checked, &group.id, &coordinator.id)?;
    for (email, answers) in ANSWERS {
        let person = db::people::find_by_email(conn, email)?
            .ok_or_else(|| AppError::internal(format!("demo: no person {email}")))?;
        db::polls::replace_answers(conn, &id, &person.id, answers)?;
    }
    Ok(true)
}
