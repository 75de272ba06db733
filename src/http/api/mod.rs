//! The JSON API under `/api/v1` (see `../shared/API.md`). Callers present a
//! personal access token; errors are `application/problem+json`.

pub mod actions;
pub mod date_polls;
pub mod developments;
pub mod files;
pub mod hosting;
pub mod invitations;
pub mod meetings;
pub mod messages;
pub mod minutes;
pub mod openapi;
pub mod organizations;
pub mod people;
pub mod rsvps;
pub mod series;
pub mod working_groups;

use serde::{Deserialize, Serialize};

use crate::db::organizations::Organization;
use crate::db::people::Person;
use crate::domain::error::AppError;
use crate::domain::organizations::ProjectProfile;
use crate::domain::{ClubStatus, OrgKind, decode};
use crate::services::caller::Caller;

/// A page of a list, and where the next one starts.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    /// This page's items.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `?limit=&cursor=`.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// At most this many (1 to 500, default 100).
    pub limit: Option<i64>,
    /// Where the previous page ended.
    pub cursor: Option<String>,
}

impl PageQuery {
    /// The limit, bounded.
    pub fn limit(&self) -> i64 {
        self.limit.unwrap_or(100).clamp(1, 500)
    }
}

/// Cuts `rows` (fetched with one more than the limit) into a page.
pub fn page<R, T>(
    mut rows: Vec<R>,
    limit: i64,
    cursor: impl Fn(&R) -> String,
    item: impl Fn(R) -> Result<T, AppError>,
) -> Result<Page<T>, AppError> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(&cursor)
    } else {
        None
    };
    Ok(Page {
        items: rows.into_iter().map(item).collect::<Result<_, _>>()?,
        next_cursor,
    })
}

/// A person as the API shows them.
#[derive(Debug, Serialize)]
pub struct PersonJson {
    pub id: String,
    pub email: String,
    pub name: String,
    pub organization: Option<String>,
    pub language: String,
    pub roles: Vec<&'static str>,
}

impl PersonJson {
    /// The caller with their roles.
    pub fn from_caller(caller: &Caller, organization: Option<String>) -> Self {
        Self::new(&caller.person, organization, caller.role_names())
    }

    /// A person, their body's slug and their roles.
    pub fn new(person: &Person, organization: Option<String>, roles: Vec<&'static str>) -> Self {
        Self {
            id: person.id.clone(),
            email: person.email.clone(),
            name: person.name.clone(),
            organization,
            language: person.language.clone(),
            roles,
        }
    }
}

/// A body's project profile.
#[derive(Debug, Serialize, Deserialize, Default)]
pub struct ProfileJson {
    #[serde(default)]
    pub project_highlight: String,
    #[serde(default)]
    pub wished_developments: String,
    #[serde(default)]
    pub competences: String,
    #[serde(default)]
    pub roadmap: String,
    #[serde(default)]
    pub ordered_developments: String,
}

impl ProfileJson {
    /// The profile as sent, before its checks.
    pub fn raw(self, territory: Option<String>, website: Option<String>) -> ProjectProfile {
        ProjectProfile {
            territory,
            website,
            project_highlight: self.project_highlight,
            wished_developments: self.wished_developments,
            competences: self.competences,
            roadmap: self.roadmap,
            ordered_developments: self.ordered_developments,
        }
    }
}

/// A body as the API shows it.
#[derive(Debug, Serialize)]
pub struct OrganizationJson {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    pub club_status: ClubStatus,
    pub territory: Option<String>,
    pub website: Option<String>,
    pub profile: ProfileJson,
    /// The developments it pledged to co-fund (one body's read only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backs: Option<Vec<BackJson>>,
}

/// A development a body backs.
#[derive(Debug, Serialize)]
pub struct BackJson {
    pub slug: String,
    pub title: String,
}

impl OrganizationJson {
    /// A stored body.
    pub fn new(org: Organization) -> Result<Self, AppError> {
        Ok(Self {
            kind: decode(&org.kind)?,
            club_status: decode(&org.club_status)?,
            id: org.id,
            slug: org.slug,
            name: org.name,
            territory: org.territory,
            website: org.website,
            profile: ProfileJson {
                project_highlight: org.project_highlight,
                wished_developments: org.wished_developments,
                competences: org.competences,
                roadmap: org.roadmap,
                ordered_developments: org.ordered_developments,
            },
            backs: None,
        })
    }
}
