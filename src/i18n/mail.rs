//! Words: the messages' subjects and first sentences.

use crate::domain::Lang;
use crate::domain::hosting::HostingNotice;
use crate::domain::rsvps::RsvpNotice;

/// A call's title without the words the subject starts with: admins
/// title calls "Appel à accueil : journée de printemps 2027" (as the demo
/// does), and the subject names the call for hosts in the reader's language.
fn call_subject(title: &str) -> &str {
    ["appel à accueil", "call for hosts"]
        .iter()
        .find_map(|words| {
            let head = title.get(..words.len())?;
            head.eq_ignore_ascii_case(words)
                .then(|| &title[words.len()..])
        })
        .map(|rest| rest.trim_start_matches([' ', '\u{a0}', '\u{202f}', ':', '–', '—', '-']))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(title)
}

/// The sentences of the messages.
impl Lang {
    /// The subject's beginning and the message's first sentence.
    pub fn rsvp_notice(self, notice: RsvpNotice, title: &str) -> (String, String) {
        let (subject, lead) = match (notice, self) {
            (RsvpNotice::Confirmed, Self::Fr) => (
                "Inscription confirmée",
                format!(
                    "Votre inscription à « {title} » est confirmée. L'invitation jointe l'ajoute à votre agenda."
                ),
            ),
            (RsvpNotice::Confirmed, Self::En) => (
                "Registration confirmed",
                format!(
                    "Your registration for “{title}” is confirmed. The attached invitation adds it to your calendar."
                ),
            ),
            (RsvpNotice::Promoted, Self::Fr) => (
                "Une place pour vous",
                format!(
                    "Une place s'est libérée : vous êtes maintenant inscrit·e à « {title} ». L'invitation jointe l'ajoute à votre agenda."
                ),
            ),
            (RsvpNotice::Promoted, Self::En) => (
                "A seat for you",
                format!(
                    "A seat has been freed: you are now registered for “{title}”. The attached invitation adds it to your calendar."
                ),
            ),
            (RsvpNotice::Waitlisted, Self::Fr) => (
                "Sur la liste d'attente",
                format!(
                    "Toutes les places de « {title} » sont prises : votre inscription est sur la liste d'attente. Nous vous écrirons dès qu'une place se libère pour vous."
                ),
            ),
            (RsvpNotice::Waitlisted, Self::En) => (
                "On the waiting list",
                format!(
                    "Every seat of “{title}” is taken: your registration is on the waiting list. We will write to you as soon as a seat is freed for you."
                ),
            ),
            (RsvpNotice::Approved, Self::Fr) => (
                "Votre inscription est acceptée",
                format!("Les organisateurs ont accepté votre inscription à « {title} »."),
            ),
            (RsvpNotice::Approved, Self::En) => (
                "Your registration is accepted",
                format!("The organizers accepted your registration for “{title}”."),
            ),
            (RsvpNotice::Refused, Self::Fr) => (
                "Votre inscription n'est pas retenue",
                format!("Les organisateurs n'ont pas pu retenir votre inscription à « {title} »."),
            ),
            (RsvpNotice::Refused, Self::En) => (
                "Your registration is not accepted",
                format!("The organizers could not accept your registration for “{title}”."),
            ),
            (RsvpNotice::Withdrawn, Self::Fr) => (
                "Inscription annulée",
                format!(
                    "Vous n'êtes plus inscrit·e à « {title} » : la réunion est retirée de votre agenda."
                ),
            ),
            (RsvpNotice::Withdrawn, Self::En) => (
                "Registration withdrawn",
                format!(
                    "You are no longer registered for “{title}”: the meeting is removed from your calendar."
                ),
            ),
            (RsvpNotice::Removed, Self::Fr) => (
                "Retiré de la liste des participants",
                format!(
                    "Les organisateurs ont retiré votre inscription à « {title} » : vous n'êtes plus sur la liste des participants. Si la réunion était dans votre agenda, elle en est retirée."
                ),
            ),
            (RsvpNotice::Removed, Self::En) => (
                "Removed from the participants",
                format!(
                    "The organizers removed your registration for “{title}”: you are no longer on the list of participants. If the meeting was in your calendar, it is removed from it."
                ),
            ),
            (RsvpNotice::Changed, Self::Fr) => (
                "Réunion modifiée",
                format!(
                    "La réunion « {title} » a changé ; voici ce qui vaut désormais. L'invitation jointe met votre agenda à jour."
                ),
            ),
            (RsvpNotice::Changed, Self::En) => (
                "Meeting changed",
                format!(
                    "The meeting “{title}” has changed; here is what holds now. The attached invitation updates your calendar."
                ),
            ),
            (RsvpNotice::Cancelled, Self::Fr) => (
                "Réunion annulée",
                format!("La réunion « {title} » est annulée ; elle est retirée de votre agenda."),
            ),
            (RsvpNotice::Cancelled, Self::En) => (
                "Meeting cancelled",
                format!("The meeting “{title}” is cancelled; it is removed from your calendar."),
            ),
            (RsvpNotice::Reminder, Self::Fr) => (
                "Rappel",
                format!("Petit rappel : vous êtes inscrit·e à « {title} »."),
            ),
            (RsvpNotice::Reminder, Self::En) => (
                "Reminder",
                format!("A reminder: you are registered for “{title}”."),
            ),
        };
        let subject = match self {
            Self::Fr => format!("{subject} : {title}"),
            Self::En => format!("{subject}: {title}"),
        };
        (subject, lead)
    }

    /// The subject of a message about hosting and its first sentence:
    /// `host` is the proposing body, `when` the deadline or the plenary's
    /// times.
    pub fn hosting_notice(
        self,
        notice: HostingNotice,
        call: &str,
        host: &str,
        when: &str,
    ) -> (String, String) {
        match (notice, self) {
            (HostingNotice::CallOpened, Self::Fr) => (
                format!("Appel à accueil : {}", call_subject(call)),
                format!(
                    "Le club cherche une collectivité pour accueillir sa prochaine rencontre. Les gestionnaires des collectivités peuvent proposer d'accueillir jusqu'au {when} ; chacun peut soutenir les propositions."
                ),
            ),
            (HostingNotice::CallOpened, Self::En) => (
                format!("Call for hosts: {}", call_subject(call)),
                format!(
                    "The club is looking for a member body to host its next meeting. Bodies' managers may offer to host until {when}; everyone may support the proposals."
                ),
            ),
            (HostingNotice::Accepted, Self::Fr) => (
                format!("Proposition retenue : {call}"),
                format!(
                    "Merci ! La proposition d'accueil de {host} est retenue : la rencontre aura lieu chez vous."
                ),
            ),
            (HostingNotice::Accepted, Self::En) => (
                format!("Proposal accepted: {call}"),
                format!(
                    "Thank you! {host}'s offer to host is accepted: the meeting will take place at your venue."
                ),
            ),
            (HostingNotice::Declined, Self::Fr) => (
                format!("Proposition non retenue : {call}"),
                format!(
                    "Merci pour la proposition d'accueil de {host}. Le club en a retenu une autre cette fois-ci."
                ),
            ),
            (HostingNotice::Declined, Self::En) => (
                format!("Proposal not chosen: {call}"),
                format!(
                    "Thank you for {host}'s offer to host. The club chose another one this time."
                ),
            ),
            (HostingNotice::HostChosen, Self::Fr) => (
                format!("La rencontre de printemps aura lieu chez {host}"),
                format!("Pour « {call} », le club a retenu la proposition de {host}."),
            ),
            (HostingNotice::HostChosen, Self::En) => (
                format!("The spring meeting will be hosted by {host}"),
                format!("For “{call}”, the club accepted {host}'s proposal."),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::call_subject;

    #[test]
    fn a_call_subject_names_the_call_for_hosts_once() {
        assert_eq!(
            call_subject("Appel à accueil : journée de printemps 2027"),
            "journée de printemps 2027"
        );
        assert_eq!(call_subject("appel à accueil – 2027"), "2027");
        assert_eq!(call_subject("Call for hosts: 2027"), "2027");
        assert_eq!(call_subject("Rencontre 2027"), "Rencontre 2027");
        assert_eq!(call_subject("Appel à accueil"), "Appel à accueil");
    }
}
