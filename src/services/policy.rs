//! Who may do what: every role check of quorum is here.
//!
//! Roles (DESIGN.md): `admin` (club-wide), `org_manager` of one body,
//! `coordinator` of one working group. Everyone signed in is a member.

use crate::domain::Lang;
use crate::domain::MeetingKind;
use crate::domain::error::AppError;
use crate::services::caller::Caller;

/// Something only some people may do.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    /// Create people and give roles.
    ManagePeople,
    /// Create member bodies.
    ManageOrganizations,
    /// Edit this body's page and project profile.
    EditOrganization {
        /// The body's id.
        id: &'a str,
    },
    /// Create working groups and name coordinators.
    ManageWorkingGroups,
    /// Edit this group's page.
    EditWorkingGroup {
        /// The group's id.
        id: &'a str,
    },
    /// See and retry the mail outbox.
    ViewOutbox,
    /// Open calls for hosts; shortlist, accept or decline proposals.
    DecideHosting,
    /// Propose a wished development (managers of a body, admins).
    ProposeDevelopment,
    /// Edit a wished development (admins).
    EditDevelopment,
    /// Pledge, change or withdraw this body's co-funding (its managers, admins).
    PledgeFor {
        /// The body's id.
        id: &'a str,
    },
    /// Create, edit, cancel, or see the draft of, a meeting of this kind
    /// (of this working group, if any).
    OrganizeMeeting {
        /// The meeting's kind.
        kind: MeetingKind,
        /// Its working group's id.
        working_group_id: Option<&'a str>,
    },
}

impl Caller {
    /// Whether this person may do `action`.
    pub fn may(&self, action: Action<'_>) -> bool {
        if self.person.is_admin {
            return true;
        }
        match action {
            Action::EditOrganization { id } | Action::PledgeFor { id } => {
                self.managed_organizations.iter().any(|o| o == id)
            }
            Action::ProposeDevelopment => !self.managed_organizations.is_empty(),
            Action::EditWorkingGroup { id } => self.coordinated_groups.iter().any(|(g, _)| g == id),
            // coordinators organize their own group's sessions
            Action::OrganizeMeeting {
                kind: MeetingKind::WorkingGroupSession,
                working_group_id: Some(id),
            } => self.coordinated_groups.iter().any(|(g, _)| g == id),
            Action::OrganizeMeeting { .. } => false,
            Action::ManagePeople
            | Action::ManageOrganizations
            | Action::ManageWorkingGroups
            | Action::ViewOutbox
            | Action::DecideHosting
            | Action::EditDevelopment => false,
        }
    }

    /// `Ok` when allowed, else a 403 that says who may.
    pub fn require(&self, action: Action<'_>) -> Result<(), AppError> {
        self.require_in(action, self.lang())
    }

    /// `require`, the refusal in `lang` (the page's language).
    pub fn require_in(&self, action: Action<'_>, lang: Lang) -> Result<(), AppError> {
        if self.may(action) {
            Ok(())
        } else {
            Err(AppError::Forbidden(refusal(action, lang).to_owned()))
        }
    }
}

/// Requires a signed-in caller allowed to do `action`.
pub fn require<'c>(caller: Option<&'c Caller>, action: Action<'_>) -> Result<&'c Caller, AppError> {
    let caller = caller.ok_or(AppError::Unauthorized)?;
    caller.require(action)?;
    Ok(caller)
}

fn refusal(action: Action<'_>, lang: Lang) -> &'static str {
    let t = &lang.texts().people;
    match action {
        Action::EditOrganization { .. } => t.refused_edit_organization,
        Action::EditWorkingGroup { .. } => t.refused_edit_working_group,
        Action::OrganizeMeeting { .. } => t.refused_organize_meeting,
        Action::ProposeDevelopment => lang.texts().developments.refused_propose,
        Action::EditDevelopment => lang.texts().developments.refused_edit,
        Action::PledgeFor { .. } => lang.texts().developments.refused_pledge,
        _ => t.refused_admins_only,
    }
}
