//! Calendars: iCalendar text for feeds and invitations (`ics`), and the
//! VTIMEZONE of each zone from the rules the application converts with
//! (`vtimezone`).

pub mod ics;
pub mod vtimezone;
