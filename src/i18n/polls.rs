//! Words: date polls.

crate::i18n::texts! {
    /// Words: date polls.
    pub struct Polls {
        date_polls: "Sondages de dates"
            / "Date polls",
        propose_dates: "Proposer des dates"
            / "Propose dates",
        no_open_polls: "Aucun sondage en cours."
            / "No poll under way.",
        poll_new: "Nouveau sondage de dates"
            / "New date poll",
        poll_title: "Titre de la session"
            / "Title of the session",
        poll_description: "Description et ordre du jour"
            / "Description and agenda",
        poll_time_zone: "Fuseau horaire"
            / "Time zone",
        poll_format: "Format de la session"
            / "Format of the session",
        poll_video: "Salle de visio"
            / "Video room",
        poll_video_none: "aucune"
            / "none",
        poll_slots: "Créneaux proposés"
            / "Slots offered",
        poll_slots_help: "Laissez vides les lignes inutiles."
            / "Leave unused rows empty.",
        poll_slot: "Créneau"
            / "Slot",
        poll_date: "Date"
            / "Date",
        poll_start: "Début"
            / "Start",
        poll_end: "Fin"
            / "End",
        poll_more_rows: "Ajouter des lignes"
            / "Add rows",
        poll_deadline: "Date limite des réponses"
            / "Answers until",
        poll_deadline_help: "facultative, en heure locale du fuseau choisi"
            / "optional, local time in the zone chosen",
        poll_hide_results: "Cacher les résultats aux participants jusqu'à la clôture"
            / "Hide the results from participants until the poll is closed",
        poll_create: "Créer le sondage"
            / "Create the poll",
        poll_yes: "Oui"
            / "Yes",
        poll_if_need_be: "Si nécessaire"
            / "If need be",
        poll_no: "Non"
            / "No",
        poll_your_answers: "Vos disponibilités"
            / "Your availability",
        poll_send_answers: "Enregistrer mes réponses"
            / "Save my answers",
        poll_saved: "Vos réponses sont enregistrées."
            / "Your answers are saved.",
        poll_edit: "Modifier le sondage"
            / "Edit the poll",
        poll_edit_refused: "Seuls les coordinateurs du groupe et les administrateurs du club modifient ce sondage."
            / "Only the group's coordinators and the club's administrators edit this poll.",
        poll_edit_closed: "Ce sondage est clos ou annulé : il ne se modifie plus."
            / "This poll is closed or cancelled: it can no longer be edited.",
        poll_slots_stay: "Les créneaux proposés restent tels quels : les réponses portent sur eux."
            / "The slots offered stay as they are: the answers are about them.",
        poll_results: "Résultats"
            / "Results",
        poll_results_hidden: "Les résultats sont cachés jusqu'à la clôture du sondage."
            / "The results are hidden until the poll is closed.",
        poll_best: "meilleur créneau"
            / "best slot",
        poll_person: "Personne"
            / "Person",
        poll_no_answers: "Personne n'a encore répondu."
            / "Nobody has answered yet.",
        poll_close: "Clore le sondage et planifier la session"
            / "Close the poll and schedule the session",
        poll_close_help: "Les personnes disponibles sur ce créneau (oui ou si nécessaire) reçoivent une invitation ; les autres sont prévenues de la date retenue."
            / "People available for this slot (yes or if need be) receive an invitation; the others are told the date chosen.",
        poll_chosen: "Date retenue"
            / "Date chosen",
        poll_meeting: "La session planifiée"
            / "The session scheduled",
        poll_cancel: "Annuler le sondage"
            / "Cancel the poll",
        poll_sign_in: "Connectez-vous pour répondre au sondage"
            / "Sign in to answer the poll",
        poll_open: "En cours"
            / "Open",
        poll_closed: "Clos"
            / "Closed",
        poll_cancelled: "Annulé"
            / "Cancelled",
        poll_state: "État"
            / "State",
        poll_shortlisted_button: "Sonder les membres sur les dates retenues"
            / "Poll the members on the shortlisted dates",
        poll_shortlisted_help: "Un sondage sur toutes les dates des propositions retenues ; le clore sur une date accepte la proposition correspondante."
            / "A poll over every date of the shortlisted proposals; closing it on a date accepts that proposal.",
        call_polls: "Sondage des dates"
            / "Date poll",
    }
}

use crate::domain::Lang;
use crate::domain::polls::Closed;

/// The sentences of the date polls.
impl Lang {
    /// Why a date poll takes no more answers.
    pub fn poll_closed(self, closed: Closed) -> &'static str {
        match (closed, self) {
            (Closed::Closed, Self::Fr) => "Ce sondage est clos : la date est choisie.",
            (Closed::Closed, Self::En) => "This poll is closed: the date is chosen.",
            (Closed::Cancelled, Self::Fr) => "Ce sondage est annulé.",
            (Closed::Cancelled, Self::En) => "This poll is cancelled.",
            (Closed::PastDeadline, Self::Fr) => {
                "La date limite de ce sondage est passée : il ne prend plus de réponses."
            }
            (Closed::PastDeadline, Self::En) => {
                "This poll's deadline has passed: it takes no more answers."
            }
        }
    }

    /// Why a slot cannot be chosen to close a poll: it has begun, or its
    /// number is not one of the poll's `count` slots.
    pub fn slot_refused(self, past: bool, count: usize) -> String {
        let last = count.saturating_sub(1);
        match (self, past) {
            (Self::Fr, true) => "ce créneau a déjà commencé : choisissez-en un autre".to_owned(),
            (Self::En, true) => "this slot has already begun: choose another".to_owned(),
            (Self::Fr, false) => format!("choisissez un créneau de 0 à {last}"),
            (Self::En, false) => format!("choose a slot from 0 to {last}"),
        }
    }
}
