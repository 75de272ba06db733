//! Files attached to a meeting, as its page and `/api/v1/meetings/{id}/files`
//! both drive them: its organizers (and admins) attach and delete them;
//! whoever sees the meeting lists and downloads its public files; files
//! for participants only are for those who answered yes or maybe, those
//! recorded in its attendance, its organizers and admins — to anyone else
//! they do not exist (404, absent from lists).

use crate::db::files::{self as rows, MeetingFile, MeetingFileInsertForm};
use crate::db::meetings::MeetingListing;
use crate::db::{self, DbConn};
use crate::domain::error::{AppError, FieldError};
use crate::domain::files::{self, FileKind, FileProblem, Visibility};
use crate::domain::{Lang, code, decode};
use crate::services::caller::Caller;
use crate::services::rsvps::{organized_meeting, organizes, visible_meeting};

/// A file as it arrived: what its sender says of it, and its bytes.
#[derive(Debug, Default)]
pub struct Upload {
    /// The sender's file name, before cleaning.
    pub name: String,
    /// The content type the sender claims, if any.
    pub claimed_type: Option<String>,
    /// The bytes, at most the limit (`None`: no file was sent).
    pub bytes: Option<Vec<u8>>,
    /// The file was larger than the limit (its bytes were not kept).
    pub too_large: bool,
    /// `public` or `participants`, as sent.
    pub visibility: String,
}

/// A meeting's files as one reader may see them.
#[derive(Debug, Clone)]
pub struct FileList {
    pub files: Vec<MeetingFile>,
    /// Whether the reader attaches and deletes files (organizers, admins).
    pub manages: bool,
}

/// Whether `caller` sees the participants' files of the meeting.
fn sees_participants_files(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    listing: &MeetingListing,
) -> Result<bool, AppError> {
    let Some(caller) = caller else {
        return Ok(false);
    };
    if organizes(caller, listing) {
        return Ok(true);
    }
    rows::takes_part(conn, &listing.meeting.id, &caller.person.id)
}

/// The files of a meeting the reader may see (the meeting already found
/// visible to them).
pub fn list_for(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    listing: &MeetingListing,
) -> Result<FileList, AppError> {
    let manages = caller.is_some_and(|c| organizes(c, listing));
    let all = rows::list(conn, &listing.meeting.id)?;
    let participant = all.iter().any(|f| f.visibility != code(Visibility::Public))
        && sees_participants_files(conn, caller, listing)?;
    let files = all
        .into_iter()
        .filter(|f| participant || f.visibility == code(Visibility::Public))
        .collect();
    Ok(FileList { files, manages })
}

/// The meeting and its files as `caller` may see them (404 for a draft
/// meeting they do not organize).
pub fn list(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    meeting_id: &str,
) -> Result<(MeetingListing, FileList), AppError> {
    let listing = visible_meeting(conn, caller, meeting_id)?;
    let list = list_for(conn, caller, &listing)?;
    Ok((listing, list))
}

/// A file and its bytes, if `caller` may see it (else 404, whether it
/// exists or not).
pub fn download(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    meeting_id: &str,
    file_id: &str,
) -> Result<(MeetingFile, Vec<u8>), AppError> {
    let listing = visible_meeting(conn, caller, meeting_id)?;
    let (file, bytes) =
        rows::find_with_bytes(conn, meeting_id, file_id)?.ok_or(AppError::NotFound)?;
    if file.visibility != code(Visibility::Public)
        && !sees_participants_files(conn, caller, &listing)?
    {
        return Err(AppError::NotFound);
    }
    Ok((file, bytes))
}

/// Every problem of an upload at once, in `lang`; the file's kind when
/// there is none.
pub fn check(
    upload: &Upload,
    lang: Lang,
    max_bytes: usize,
) -> Result<(FileKind, Visibility, String), AppError> {
    let mut errors = Vec::new();
    let name = files::clean_name(&upload.name);
    let kind = match (&upload.bytes, upload.too_large) {
        (_, true) => Err(FileProblem::TooLarge {
            max: max_bytes as u64,
        }),
        (None, false) => Err(FileProblem::Missing),
        (Some(bytes), false) if bytes.len() > max_bytes => Err(FileProblem::TooLarge {
            max: max_bytes as u64,
        }),
        (Some(bytes), false) => files::check(&name, upload.claimed_type.as_deref(), bytes),
    };
    let kind = kind
        .map_err(|problem| errors.push(FieldError::new("file", lang.file_problem(problem))))
        .ok();
    let visibility = decode::<Visibility>(upload.visibility.trim())
        .map_err(|_| {
            errors.push(FieldError::new(
                "visibility",
                lang.file_visibility_expected(),
            ));
        })
        .ok();
    match (kind, visibility) {
        (Some(kind), Some(visibility)) if errors.is_empty() => Ok((kind, visibility, name)),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Attaches a file to a meeting `caller` organizes; nothing is stored when
/// anything is wrong. Returns the meeting and the file. Call it in a write
/// transaction.
pub fn upload(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
    upload: &Upload,
    max_bytes: usize,
) -> Result<(MeetingListing, MeetingFile), AppError> {
    let listing = organized_meeting(conn, caller, lang, meeting_id)?;
    let (kind, visibility, name) = check(upload, lang, max_bytes)?;
    let bytes = upload.bytes.as_deref().unwrap_or_default();
    let id = db::new_id();
    let sha256 = files::sha256_hex(bytes);
    let file = rows::insert(
        conn,
        &MeetingFileInsertForm {
            id: &id,
            meeting_id,
            name: &name,
            content_type: kind.content_type(),
            size_bytes: i64::try_from(bytes.len())
                .map_err(|_| AppError::internal("a file larger than i64"))?,
            sha256: &sha256,
            visibility: code(visibility),
            bytes,
            uploaded_by: Some(&caller.person.id),
            created_at: db::now(),
        },
    )?;
    Ok((listing, file))
}

/// Deletes a file of a meeting `caller` organizes (404 when the meeting
/// has no such file). Call it in a write transaction.
pub fn delete(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
    file_id: &str,
) -> Result<(), AppError> {
    organized_meeting(conn, caller, lang, meeting_id)?;
    if rows::delete(conn, meeting_id, file_id)? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
