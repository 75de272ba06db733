//! Words: answering an invitation (RSVPs) and the lists of participants.

crate::i18n::texts! {
    /// Words: answering an invitation (RSVPs) and the lists of participants.
    pub struct Answers {
        answer_link_title: "Répondre à l'invitation"
            / "Answer the invitation",
        answer_link_invalid: "Ce lien n'est pas valide"
            / "This link is not valid",
        answer_link_invalid_help: "Ce lien de réponse est incomplet ou a été modifié : rien n'a été enregistré. Copiez-le en entier depuis votre message d'invitation, ou répondez depuis la page de la réunion après vous être connecté·e."
            / "This answer link is incomplete or was altered: nothing was recorded. Copy it whole from your invitation, or answer on the meeting's page after signing in.",
        answer_link_expired: "Ce lien a expiré"
            / "This link has expired",
        answer_link_for: "Réponse de"
            / "Answer of",
        answer_link_intro: "Vérifiez votre réponse puis confirmez-la : rien n'est enregistré avant."
            / "Check your answer, then confirm it: nothing is recorded before.",
        answer_link_answer: "Votre réponse"
            / "Your answer",
        answer_link_attendance: "Vous participerez"
            / "You will attend",
        answer_link_tour: "Tour de table"
            / "Round of introductions",
        answer_link_tour_help: "Facultatif : présentez-vous en mentionnant un aspect spécifique de votre projet et un développement souhaité."
            / "Optional: introduce yourself with one specific aspect of your project and a development you wish for.",
        answer_link_highlight: "Un aspect spécifique de votre projet"
            / "One specific aspect of your project",
        answer_link_wished: "Un développement souhaité"
            / "A development you wish for",
        answer_link_comment: "Commentaire pour les organisateurs"
            / "Comment for the organizers",
        answer_link_listed: "Mon nom peut figurer sur la page publique de la réunion"
            / "My name may appear on the meeting's public page",
        answer_link_confirm: "Confirmer ma réponse"
            / "Confirm my answer",
        answer_link_current: "Votre réponse actuelle"
            / "Your current answer",
        answer_link_recorded: "Votre réponse est enregistrée."
            / "Your answer is recorded.",
        answer_link_position: "Position sur la liste d'attente"
            / "Position on the waiting list",
        answer_link_change_later: "Vous pouvez changer votre réponse avec le même lien jusqu'à la date limite des réponses."
            / "You may change your answer with the same link until the answers' deadline.",
        answer_link_meeting_page: "La page de la réunion"
            / "The meeting's page",
        attendance_heading: "Connexions à la salle de visio"
            / "Joins to the video room",
        attendance_none: "Personne n'est encore passé par le lien « Rejoindre »."
            / "Nobody has gone through the “Join” link yet.",
        rsvp_heading: "Votre réponse"
            / "Your answer",
        participants_heading: "Participants"
            / "Participants",
        sign_in_to_answer: "Connectez-vous pour répondre"
            / "Sign in to answer",
        will_you_come: "Participerez-vous ?"
            / "Will you come?",
        attendance_legend: "Vous participerez"
            / "You will attend",
        attendance_full: "(complet : liste d'attente)"
            / "(full: waiting list)",
        tour_de_table: "Tour de table"
            / "Round-table introductions",
        tour_help: "Présentez-vous en mentionnant un aspect spécifique de votre projet et un développement souhaité."
            / "Introduce yourself with one thing that is specific in your project and one development you wish for.",
        rsvp_project_highlight: "Ce qui est spécifique dans votre projet"
            / "What is specific in your project",
        rsvp_wished_development: "Le développement que vous souhaitez"
            / "The development you wish for",
        comment: "Commentaire"
            / "Comment",
        needs_heading: "Repas et besoins particuliers"
            / "Lunch and particular needs",
        needs_help: "Seuls les organisateurs de la réunion voient ces réponses ; elles servent à l'accueil sur place."
            / "Only the meeting's organizers see these answers; they serve the welcome on site.",
        lunch_label: "Je prends le déjeuner (sur place)"
            / "I take the lunch (in person)",
        dietary_needs: "Régime alimentaire (200 caractères au plus)"
            / "Dietary needs (at most 200 characters)",
        accessibility_needs: "Besoins d'accessibilité (200 caractères au plus)"
            / "Accessibility needs (at most 200 characters)",
        listed_label: "Afficher mon nom dans la liste publique des participants"
            / "Show my name in the public list of participants",
        send_answer: "Enregistrer ma réponse"
            / "Save my answer",
        withdraw_answer: "Je ne viens plus"
            / "I am no longer coming",
        answer_saved: "Votre réponse est enregistrée."
            / "Your answer is saved.",
        answer_withdrawn: "Votre réponse est maintenant « non » : votre place est libérée. Ce que vous avez écrit pour le tour de table est gardé."
            / "Your answer is now “no”: your seat is free. What you wrote for the round table is kept.",
        no_answer_yet: "Vous n'avez pas encore répondu."
            / "You have not answered yet.",
        rsvp_confirmed_text: "Votre inscription est confirmée"
            / "Your registration is confirmed",
        rsvp_tentative_text: "Vous avez répondu « peut-être » : aucune place ne vous est réservée."
            / "You answered “maybe”: no seat is held for you.",
        rsvp_declined_text: "Vous avez répondu que vous ne viendrez pas."
            / "You answered that you will not come.",
        rsvp_awaiting_text: "Votre inscription attend la validation des organisateurs."
            / "Your registration is waiting for the organizers' approval.",
        rsvp_refused_text: "Les organisateurs n'ont pas retenu votre inscription."
            / "The organizers did not accept your registration.",
        answer_not_saved: "Votre réponse n'a pas été enregistrée. Voici ce que vous aviez écrit, pour ne rien perdre :"
            / "Your answer was not saved. Here is what you wrote, so that nothing is lost:",
        listed_participants: "Participants qui ont accepté d'être nommés"
            / "Participants who agreed to be named",
        participant_list: "Liste des participants"
            / "List of participants",
        compact_table: "Tableau des réponses"
            / "Table of answers",
        sort_help: "Cliquez sur l'intitulé d'une colonne pour trier le tableau."
            / "Select a column's heading to sort the table.",
        lunch_column: "Déjeuner"
            / "Lunch",
        dietary_column: "Régime alimentaire"
            / "Dietary needs",
        accessibility_column: "Accessibilité"
            / "Accessibility",
        lunch_taken: "oui"
            / "yes",
        lunch_not_taken: "non"
            / "no",
        catering_heading: "Pour le traiteur et l'accueil"
            / "For the caterer and the welcome",
        catering_help: "Parmi les personnes inscrites sur place avec une place confirmée."
            / "Among the people with a confirmed seat in the room.",
        lunches_taken: "Déjeuners"
            / "Lunches",
        seated_in_person: "Personnes sur place"
            / "People in the room",
        no_needs: "Aucun"
            / "None",
        download_csv: "Télécharger la liste (CSV, tableur)"
            / "Download the list (CSV, spreadsheet)",
        awaiting_approval_heading: "En attente de validation"
            / "Waiting for approval",
        waitlist_heading: "Liste d'attente"
            / "Waiting list",
        approve: "Accepter"
            / "Approve",
        refuse: "Refuser"
            / "Refuse",
        remove_participant: "Retirer"
            / "Remove",
        participant_removed: "Participant retiré ; un courriel l'en informe."
            / "Participant removed; they are told by mail.",
        without_body: "Sans collectivité"
            / "No member body",
        answer_label: "Réponse"
            / "Answer",
        attendance_label: "Participation"
            / "Attendance",
        waitlist_position: "Position en liste d'attente"
            / "Waiting-list position",
        wait_reason_label: "Motif de l'attente"
            / "Why waiting",
        no_answers: "Aucune réponse pour le moment."
            / "No answers yet.",
    }
}

use crate::domain::Lang;
use crate::domain::rsvps::Closed;

/// The sentences of the answers' pages.
impl Lang {
    /// Why a meeting takes no answers now.
    pub fn answers_closed(self, closed: Closed) -> &'static str {
        match (closed, self) {
            (Closed::NotPublished, Self::Fr) => {
                "Cette réunion n'est pas encore annoncée : elle ne prend pas encore de réponses."
            }
            (Closed::NotPublished, Self::En) => {
                "This meeting is not announced yet: it takes no answers yet."
            }
            (Closed::Cancelled, Self::Fr) => {
                "Cette réunion est annulée : elle ne prend plus de réponses."
            }
            (Closed::Cancelled, Self::En) => "This meeting is cancelled: it takes no more answers.",
            (Closed::Over, Self::Fr) => {
                "Cette réunion est terminée : elle ne prend plus de réponses."
            }
            (Closed::Over, Self::En) => "This meeting is over: it takes no more answers.",
            (Closed::PastDeadline, Self::Fr) => {
                "La date limite des réponses est passée : seuls les organisateurs peuvent encore modifier les inscriptions."
            }
            (Closed::PastDeadline, Self::En) => {
                "The answers' deadline has passed: only the organizers may still change registrations."
            }
        }
    }

    /// "50 places", "1 seat".
    pub fn seats(self, n: i32) -> String {
        match self {
            Self::Fr if n <= 1 => format!("{n} place"),
            Self::Fr => format!("{n} places"),
            Self::En if n == 1 => format!("{n} seat"),
            Self::En => format!("{n} seats"),
        }
    }

    /// "12 inscrits sur place" for the first count of a sentence, "4 à
    /// distance" for the next; `how` is the attendance in words.
    pub fn registered(self, n: i64, how: &str, first: bool) -> String {
        match (self, first) {
            (Self::Fr, true) if n <= 1 => format!("{n} inscrit {how}"),
            (Self::Fr, true) => format!("{n} inscrits {how}"),
            (Self::En, true) => format!("{n} registered {how}"),
            (_, false) => format!("{n} {how}"),
        }
    }

    /// Between a count and its limit: "12 inscrits sur 50 places".
    pub fn count_of(self) -> &'static str {
        self.pick(" sur ", " of ")
    }

    /// "3 en liste d'attente".
    pub fn waitlisted_count(self, n: i64) -> String {
        self.pick(
            format!("{n} en liste d'attente"),
            format!("{n} on the waiting list"),
        )
    }

    /// "2 « peut-être »".
    pub fn tentative_count(self, n: i64) -> String {
        self.pick(format!("{n} « peut-être »"), format!("{n} “maybe”"))
    }

    /// The colon before an explanation: a space before it in French.
    pub fn colon(self) -> &'static str {
        self.pick(" : ", ": ")
    }

    /// "Vous êtes 3ᵉ sur la liste d'attente".
    pub fn waitlist_place(self, position: i64) -> String {
        match (self, position) {
            (Self::Fr, 1) => "Vous êtes en tête de la liste d'attente".to_owned(),
            (Self::Fr, n) => format!("Vous êtes {n}ᵉ sur la liste d'attente"),
            (Self::En, 1) => "You are next on the waiting list".to_owned(),
            (Self::En, n) => format!("You are {n}{} on the waiting list", english_ordinal(n)),
        }
    }

    /// "en liste d'attente, 3ᵉ", for a message's "Votre inscription : …".
    pub fn waitlist_rank(self, position: i64) -> String {
        match (self, position) {
            (Self::Fr, 1) => "en liste d'attente, en tête".to_owned(),
            (Self::Fr, n) => format!("en liste d'attente, {n}ᵉ"),
            (Self::En, 1) => "on the waiting list, next".to_owned(),
            (Self::En, n) => format!("on the waiting list, {n}{}", english_ordinal(n)),
        }
    }
}

/// "st", "nd", "rd" or "th".
fn english_ordinal(n: i64) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// The confirmation page of removing a participant.
impl Lang {
    /// Before the organizers remove `name` from the meeting `title`.
    pub fn removal_confirmation(self, name: &str, title: &str) -> (String, Vec<String>) {
        match self {
            Self::Fr => (
                format!("Retirer {name} de la réunion ?"),
                vec![
                    format!("Son inscription à « {title} » sera supprimée ; si elle tenait une place, la place ira à la personne suivante sur la liste d'attente."),
                    "Un courriel lui dira que les organisateurs l'ont retiré de la liste des participants.".to_owned(),
                ],
            ),
            Self::En => (
                format!("Remove {name} from the meeting?"),
                vec![
                    format!("Their registration for “{title}” will be deleted; if it held a seat, the seat goes to the next person on the waiting list."),
                    "A mail will tell them that the organizers removed them from the list of participants.".to_owned(),
                ],
            ),
        }
    }
}

/// The words of registering a colleague.
impl Lang {
    /// Why someone without a body may not register colleagues.
    pub fn no_body_to_register(self) -> &'static str {
        self.pick(
            "Seule une personne rattachée à une collectivité membre peut inscrire ses collègues ; votre compte n'est rattaché à aucune collectivité.",
            "Only a person of a member body may register colleagues; your account belongs to no body.",
        )
    }

    /// Why someone of a body that is not a member may not register
    /// colleagues.
    pub fn not_member_to_register(self) -> &'static str {
        self.pick(
            "Seule une personne d'une collectivité membre du club peut inscrire ses collègues ; la vôtre n'est pas membre.",
            "Only a person of a member body of the club may register colleagues; yours is not a member.",
        )
    }

    /// The line of a mail that says who registered the recipient.
    pub fn registered_by(self, by: &str) -> String {
        match self {
            Self::Fr => format!(
                "{by}, de votre collectivité, vous a inscrit·e à cette réunion. Vous pouvez modifier ou retirer votre réponse sur la page de la réunion."
            ),
            Self::En => format!(
                "{by}, of your body, registered you for this meeting. You may change or withdraw your answer on the meeting's page."
            ),
        }
    }

    /// What the meeting page says once a colleague is registered.
    pub fn colleague_registered(self) -> &'static str {
        match self {
            Self::Fr => "Votre collègue est inscrit·e ; un message l'en informe.",
            Self::En => "Your colleague is registered; a message tells them so.",
        }
    }

    /// The words of the form registering a colleague: heading, help,
    /// address, name and button.
    pub fn colleague_form(self) -> [&'static str; 5] {
        match self {
            Self::Fr => [
                "Inscrire un·e collègue de ma collectivité",
                "Sa réponse sera « oui », placée comme si la personne avait répondu (places, liste d'attente) ; un message le lui dit, avec le lien pour changer ou retirer sa réponse.",
                "Adresse électronique de votre collègue",
                "Nom (pour une personne que le club ne connaît pas encore)",
                "Inscrire ma ou mon collègue",
            ],
            Self::En => [
                "Register a colleague of my body",
                "Their answer will be “yes”, placed as if they had answered (seats, waiting list); a message tells them so, with the link to change or withdraw it.",
                "Your colleague's e-mail address",
                "Name (for someone the club does not know yet)",
                "Register my colleague",
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_says_the_place_in_line() {
        assert_eq!(Lang::Fr.waitlist_rank(1), "en liste d'attente, en tête");
        assert_eq!(Lang::Fr.waitlist_rank(12), "en liste d'attente, 12ᵉ");
        assert_eq!(Lang::En.waitlist_rank(1), "on the waiting list, next");
        assert_eq!(Lang::En.waitlist_rank(22), "on the waiting list, 22nd");
        assert_eq!(Lang::En.waitlist_rank(13), "on the waiting list, 13th");
    }

    #[test]
    fn waitlist_places_are_ordinals() {
        assert_eq!(
            Lang::Fr.waitlist_place(3),
            "Vous êtes 3ᵉ sur la liste d'attente"
        );
        assert_eq!(
            Lang::Fr.waitlist_place(1),
            "Vous êtes en tête de la liste d'attente"
        );
        let en: Vec<String> = [2, 3, 4, 11, 12, 21, 22, 103, 111]
            .into_iter()
            .map(|n| Lang::En.waitlist_place(n).replace("You are ", ""))
            .collect();
        assert_eq!(
            en.iter()
                .map(|s| s.replace(" on the waiting list", ""))
                .collect::<Vec<_>>(),
            [
                "2nd", "3rd", "4th", "11th", "12th", "21st", "22nd", "103rd", "111th"
            ]
        );
    }

    #[test]
    fn one_seat_is_singular() {
        assert_eq!(Lang::Fr.seats(1), "1 place");
        assert_eq!(Lang::Fr.seats(0), "0 place");
        assert_eq!(Lang::En.seats(0), "0 seats");
        assert_eq!(Lang::En.seats(1), "1 seat");
    }
}
