//! Meetings' video rooms and phone bridges, and the joins through the
//! gateway. Kept apart from `meetings`: nothing that lists meetings reads
//! them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{meeting_joins, meeting_rooms, people};
use crate::domain::error::AppError;
use crate::domain::video::{CheckedVideo, VideoProvider, new_room_name};
use crate::domain::{code, decode};

/// A phone bridge as pages show it: the number, its `tel:` form, the code.
pub type Phone = (String, String, Option<String>);

/// A meeting's room as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = meeting_rooms, treat_none_as_null = true)]
pub struct Room {
    pub meeting_id: String,
    pub provider: Option<String>,
    /// The Jitsi or BigBlueButton room's name, or the static room's address.
    pub room: Option<String>,
    pub dial_in_number: Option<String>,
    pub dial_in_pin: Option<String>,
    pub updated_at: NaiveDateTime,
}

impl Room {
    /// The provider, decoded.
    pub fn provider(&self) -> Result<Option<VideoProvider>, AppError> {
        self.provider.as_deref().map(decode).transpose()
    }

    /// The address of a static room.
    pub fn url(&self) -> Option<String> {
        (self.provider.as_deref() == Some(code(VideoProvider::StaticUrl)))
            .then(|| self.room.clone())
            .flatten()
    }

    /// The phone bridge as pages show it: the number, its `tel:` form, the
    /// code.
    pub fn phone(&self) -> Option<Phone> {
        self.dial_in_number.clone().map(|number| {
            let tel = number
                .chars()
                .filter(|c| *c == '+' || c.is_ascii_digit())
                .collect();
            (number, tel, self.dial_in_pin.clone())
        })
    }

    /// Whether there is anything to join: a room or a bridge.
    pub fn is_some(&self) -> bool {
        self.provider.is_some() || self.dial_in_number.is_some()
    }
}

/// The meeting's room, if it has one.
pub fn find(conn: &mut DbConn, meeting_id: &str) -> Result<Option<Room>, AppError> {
    Ok(meeting_rooms::table
        .find(meeting_id)
        .select(Room::as_select())
        .first(conn)
        .optional()?
        .filter(Room::is_some))
}

/// The rooms of these meetings (those that have one), in one query.
pub fn of_meetings(conn: &mut DbConn, meeting_ids: &[&str]) -> Result<Vec<Room>, AppError> {
    let rooms: Vec<Room> = meeting_rooms::table
        .filter(meeting_rooms::meeting_id.eq_any(meeting_ids))
        .select(Room::as_select())
        .load(conn)?;
    Ok(rooms.into_iter().filter(Room::is_some).collect())
}

/// Sets the meeting's room. A Jitsi or BigBlueButton room keeps its name
/// while the provider stays (links never drift); a new one gets a new
/// random name. Call it in a write transaction.
pub fn set(conn: &mut DbConn, meeting_id: &str, video: &CheckedVideo) -> Result<(), AppError> {
    let old = find(conn, meeting_id)?;
    let room = match video.provider {
        None => None,
        Some(VideoProvider::StaticUrl) => video.url.clone(),
        Some(provider) => Some(
            old.filter(|r| r.provider.as_deref() == Some(code(provider)))
                .and_then(|r| r.room)
                .unwrap_or_else(new_room_name),
        ),
    };
    let row = Room {
        meeting_id: meeting_id.to_owned(),
        provider: video.provider.map(|p| code(p).to_owned()),
        room,
        dial_in_number: video.dial_in_number.clone(),
        dial_in_pin: video.dial_in_pin.clone(),
        updated_at: super::now(),
    };
    diesel::delete(meeting_rooms::table.find(meeting_id)).execute(conn)?;
    if row.is_some() {
        diesel::insert_into(meeting_rooms::table)
            .values(&row)
            .execute(conn)?;
    }
    Ok(())
}

/// Records a pass through the join gateway.
pub fn record_join(
    conn: &mut DbConn,
    meeting_id: &str,
    person_id: &str,
    moderator: bool,
) -> Result<(), AppError> {
    diesel::insert_into(meeting_joins::table)
        .values((
            meeting_joins::id.eq(super::new_id()),
            meeting_joins::meeting_id.eq(meeting_id),
            meeting_joins::person_id.eq(person_id),
            meeting_joins::moderator.eq(moderator),
            meeting_joins::joined_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Who joined, and when first: (name, first join), by first join.
pub fn attendance(
    conn: &mut DbConn,
    meeting_id: &str,
) -> Result<Vec<(String, NaiveDateTime)>, AppError> {
    Ok(meeting_joins::table
        .inner_join(people::table)
        .filter(meeting_joins::meeting_id.eq(meeting_id))
        .group_by((people::id, people::name))
        .select((
            people::name,
            diesel::dsl::min(meeting_joins::joined_at).assume_not_null(),
        ))
        .order(diesel::dsl::min(meeting_joins::joined_at).asc())
        .load(conn)?)
}
