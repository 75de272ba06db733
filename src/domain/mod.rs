//! The club's vocabulary and its rules: pure code, no HTTP, no SQL.

/// An enumeration of the club's vocabulary stored as snake_case text and
/// spelled the same in the API (`code` / `decode`): the derives and the
/// spelling every such enumeration shares. Unit variants only.
macro_rules! stored_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $($(#[$variant_meta:meta])* $variant:ident,)*
    }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
            ::strum::EnumString,
            ::strum::IntoStaticStr,
            ::strum::VariantArray,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        $vis enum $name {
            $($(#[$variant_meta])* $variant,)*
        }
    };
}

pub mod actions;
pub mod attendance;
pub mod developments;
pub mod error;
pub mod files;
pub mod hosting;
mod lang;
pub mod meetings;
pub mod messages;
pub mod organizations;
pub mod people;
pub mod polls;
pub mod registrations;
pub mod reports;
pub mod rsvps;
pub mod secrets;
pub mod series;
pub mod time;
pub mod video;

pub use lang::Lang;

stored_enum! {
    /// What a member body is.
    pub enum OrgKind {
        /// A town.
        Commune,
        /// A community of towns.
        Intercommunalite,
        /// A metropolitan area.
        Metropole,
        /// A département.
        Departement,
        /// A région.
        Region,
        /// An inter-municipal union.
        Syndicat,
        /// A company (integrator, partner).
        Company,
        /// Anything else.
        Other,
    }
}

stored_enum! {
    /// Where a body stands in the club.
    pub enum ClubStatus {
        /// A body that uses the platform.
        Member,
        /// A body that does not use it yet.
        Observer,
        /// A partner company.
        Partner,
    }
}

stored_enum! {
    /// The three ways the club meets.
    pub enum MeetingKind {
        /// Three hours at the trade show, every December.
        DecemberSession,
        /// A full day hosted by a member body, usually in June.
        SpringPlenary,
        /// A working group's session, remote by default.
        WorkingGroupSession,
    }
}

stored_enum! {
    /// How people attend a meeting.
    pub enum MeetingFormat {
        /// Everyone in the room.
        InPerson,
        /// Everyone on the phone bridge and video room.
        Remote,
        /// Both.
        Hybrid,
    }
}

stored_enum! {
    /// Where a meeting stands.
    pub enum MeetingStatus {
        /// Being prepared; seen by organizers only.
        Draft,
        /// Announced.
        Scheduled,
        /// Called off; kept so calendars remove it.
        Cancelled,
    }
}

stored_enum! {
    /// Where a host proposal stands.
    pub enum ProposalState {
        /// Sent, not yet considered.
        Submitted,
        /// Kept for the final choice.
        Shortlisted,
        /// Chosen: the plenary happens there.
        Accepted,
        /// Not chosen.
        Declined,
        /// Taken back by the body.
        Withdrawn,
    }
}

/// A key that sorts names as a French reader expects ("État-civil" among
/// the E, not after Z; "Ville de Feyzin" before "Ville d'Oullins": accents,
/// case, spaces and punctuation do not count), the same on both backends.
pub fn sort_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' => key.push('a'),
            'ç' => key.push('c'),
            'é' | 'è' | 'ê' | 'ë' => key.push('e'),
            'î' | 'ï' | 'í' => key.push('i'),
            'ô' | 'ö' | 'ó' => key.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => key.push('u'),
            'ÿ' => key.push('y'),
            'œ' => key.push_str("oe"),
            'æ' => key.push_str("ae"),
            other if other.is_alphanumeric() => key.push(other),
            _ => {}
        }
    }
    key
}

/// The name stored in the database and used in the API.
pub fn code<T: Into<&'static str>>(value: T) -> &'static str {
    value.into()
}

/// Reads a stored name back; a stored value that does not parse is a bug.
pub fn decode<T: std::str::FromStr>(stored: &str) -> Result<T, error::AppError> {
    stored.parse().map_err(|_| {
        error::AppError::internal(format!(
            "unexpected {} `{stored}` in the database",
            std::any::type_name::<T>()
        ))
    })
}

#[cfg(test)]
mod tests {
    use strum::VariantArray;

    use super::*;

    #[test]
    fn accents_sort_with_their_letter() {
        let mut names = vec!["Zèbre", "Élections", "Social", "état-civil"];
        names.sort_by_cached_key(|n| sort_key(n));
        assert_eq!(names, ["Élections", "état-civil", "Social", "Zèbre"]);
    }

    #[test]
    fn names_are_snake_case_both_ways() {
        assert_eq!(code(MeetingKind::DecemberSession), "december_session");
        assert_eq!(
            decode::<MeetingFormat>("in_person").ok(),
            Some(MeetingFormat::InPerson)
        );
        assert!(decode::<ClubStatus>("friend").is_err());
        for kind in OrgKind::VARIANTS {
            assert_eq!(decode::<OrgKind>(code(*kind)).ok(), Some(*kind));
        }
    }
}
