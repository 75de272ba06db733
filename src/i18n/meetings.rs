//! Words: the meeting pages: details, joining, video, seats and the meeting form.

crate::i18n::texts! {
    /// Words: the meeting pages: details, joining, video, seats and the meeting form.
    pub struct Meetings {
        invite_send: "Envoyer les invitations"
            / "Send the invitations",
        invite_help: "Chaque personne concernée qui n'a pas encore répondu reçoit un message avec ses liens de réponse en un clic : les abonnés et les coordinateurs du groupe pour une session de groupe de travail, tous les membres du club sinon. Envoyer une seconde fois n'invite que les nouveaux venus."
            / "Each person concerned who has not answered yet gets a message with their one-click answer links: the group's followers and coordinators for a working-group session, every member of the club otherwise. Sending again only invites newcomers.",
        invite_queued: "Invitations envoyées :"
            / "Invitations sent:",
        invite_none: "Aucune nouvelle invitation : chaque personne concernée a déjà été invitée ou a répondu."
            / "No new invitation: everyone concerned was already invited or has answered.",
        upcoming_meetings: "Prochaines réunions"
            / "Upcoming meetings",
        no_upcoming_meetings: "Aucune réunion n'est prévue pour le moment."
            / "No meeting is planned yet.",
        past_meetings: "Réunions passées"
            / "Past meetings",
        all_upcoming_meetings: "Toutes les réunions à venir"
            / "All upcoming meetings",
        all_past_meetings: "Toutes les réunions passées"
            / "All past meetings",
        next_meetings: "Réunions suivantes"
            / "Next meetings",
        earlier_meetings: "Réunions précédentes"
            / "Earlier meetings",
        pages: "Pages de la liste"
            / "Pages of the list",
        open_hosting_calls: "Appels à accueil en cours"
            / "Open calls for hosts",
        proposals_count: "proposition(s)"
            / "proposal(s)",
        when: "Date"
            / "When",
        kind: "Type"
            / "Kind",
        format: "Format"
            / "Format",
        venue: "Lieu"
            / "Venue",
        see_on_map: "Voir sur la carte (OpenStreetMap)"
            / "See on the map (OpenStreetMap)",
        directions: "Accès"
            / "Directions",
        host: "Collectivité d'accueil"
            / "Host",
        working_group: "Groupe de travail"
            / "Working group",
        capacity: "Places sur place"
            / "Seats on site",
        seats: "places"
            / "seats",
        rsvp_deadline: "Inscriptions jusqu'au"
            / "Answers until",
        agenda: "Ordre du jour"
            / "Agenda",
        minutes: "Compte rendu"
            / "Minutes",
        cancelled_notice: "Cette réunion est annulée."
            / "This meeting is cancelled.",
        latitude: "Latitude (degrés décimaux, pour les cartes et agendas)"
            / "Latitude (decimal degrees, for maps and calendars)",
        longitude: "Longitude (degrés décimaux)"
            / "Longitude (decimal degrees)",
        reminders_legend: "Rappels avant les réunions où je suis inscrit·e"
            / "Reminders before the meetings I am registered for",
        join_meeting: "Rejoindre la réunion"
            / "Join the meeting",
        join_no_room: "Cette réunion n'a pas de salle de visio."
            / "This meeting has no video room.",
        join_not_entitled: "La salle est réservée aux personnes inscrites (et, pour les groupes de travail, aux personnes qui suivent le groupe). Inscrivez-vous depuis la page de la réunion, ou écrivez à ses organisateurs."
            / "The room is for registered people (and, for working groups, the group's followers). Register from the meeting's page, or write to its organizers.",
        join_early: "La salle ouvrira le"
            / "The room opens on",
        join_closed: "Cette réunion est terminée ou annulée : sa salle est fermée."
            / "This meeting is over or cancelled: its room is closed.",
        join_unavailable: "La salle ne peut pas être ouverte pour le moment. Prévenez les organisateurs de la réunion ; le téléphone reste possible s'il est indiqué."
            / "The room cannot be opened at the moment. Tell the meeting's organizers; the phone bridge remains, if there is one.",
        join_by_phone: "Par téléphone"
            / "By phone",
        join_pin: "code"
            / "code",
        back_to_meeting: "Retour à la réunion"
            / "Back to the meeting",
        join_unreachable: "La salle de visio est injoignable pour le moment : son serveur ne répond pas. Réessayez dans quelques minutes ; le téléphone reste possible s'il est indiqué ci-dessous."
            / "The video room cannot be reached at the moment: its server does not answer. Try again in a few minutes; the phone bridge remains, if there is one below.",
        join_contact_coordinators: "Prévenez les organisateurs de la réunion"
            / "Tell the meeting's organizers",
        join_contact_club: "ou écrivez au club"
            / "or write to the club",
        join_invalid_link: "Ce lien personnel n'est pas valable pour cette réunion (il a été modifié, ou il est celui d'une autre réunion). Utilisez le lien de votre dernier courriel, ou connectez-vous puis rejoignez la réunion depuis sa page."
            / "This personal link is not valid for this meeting (it was altered, or it belongs to another meeting). Use the link of your latest email, or sign in and join from the meeting's page.",
        video_legend: "Salle de visio et téléphone"
            / "Video room and phone bridge",
        video_provider: "Salle de visio"
            / "Video room",
        video_none: "Aucune"
            / "None",
        video_jitsi: "Jitsi Meet (salle créée par le club)"
            / "Jitsi Meet (room made by the club)",
        video_bigbluebutton: "BigBlueButton"
            / "BigBlueButton",
        video_static_url: "Autre salle, par son adresse"
            / "Another room, by its address",
        video_url: "Adresse de la salle (https://)"
            / "The room's address (https://)",
        video_help: "L'adresse n'est jamais montrée : les participants passent par le lien « Rejoindre » de la réunion, ouvert 15 minutes avant le début."
            / "The address is never shown: participants go through the meeting's “Join” link, open 15 minutes before the start.",
        dial_in_number: "Numéro d'appel"
            / "Dial-in number",
        dial_in_pin: "Code d'accès téléphonique"
            / "Phone access code",
        seats_legend: "Places et inscriptions"
            / "Seats and registrations",
        remote_capacity: "Places à distance"
            / "Remote seats",
        organization_quota: "Places sur place par collectivité"
            / "In-person seats per body",
        seats_help: "Laissez vide pour ne pas limiter."
            / "Leave empty for no limit.",
        approval_required: "Les inscriptions des observateurs et des personnes sans collectivité attendent la validation des organisateurs"
            / "Answers from observers and from people without a body wait for the organizers' approval",
        asks_lunch: "Demander aux personnes présentes sur place si elles prennent le déjeuner"
            / "Ask the people coming in person whether they take the lunch",
        month_view: "Vue du mois"
            / "Month view",
        filter_meetings: "Chercher une réunion"
            / "Find a meeting",
        filter: "Filtrer"
            / "Filter",
        no_meetings_found: "Aucune réunion ne correspond."
            / "No meeting matches.",
        previous_month: "Mois précédent"
            / "Previous month",
        next_month: "Mois suivant"
            / "Next month",
        new_meeting: "Nouvelle réunion"
            / "New meeting",
        edit_meeting: "Modifier la réunion"
            / "Edit the meeting",
        cancel_meeting: "Annuler la réunion"
            / "Cancel the meeting",
        meeting_title: "Titre"
            / "Title",
        status_scheduled: "prévue (publique)"
            / "scheduled (public)",
        status_draft: "brouillon (visible des organisateurs seulement)"
            / "draft (organizers only)",
        starts_at_local: "Début"
            / "Start",
        ends_at_local: "Fin"
            / "End",
        time_help: "Date et heure sur place, dans le fuseau horaire choisi plus bas."
            / "Date and time where the meeting takes place, in the time zone chosen below.",
        end_help: "Laissée vide : la durée habituelle du type de réunion."
            / "Left empty: the usual length of the kind of meeting.",
        time_zone: "Fuseau horaire"
            / "Time zone",
        address: "Adresse"
            / "Address",
        city: "Ville"
            / "City",
        draft_notice: "Brouillon : cette réunion n'est visible que de ses organisateurs."
            / "Draft: only its organizers see this meeting.",
    }
}

use chrono::NaiveDateTime;

use crate::domain::Lang;
use crate::domain::rsvps::Closed;
use crate::domain::video::Window;

/// The sentences of the meeting pages.
impl Lang {
    /// Where a meeting stands for joining, beside its join button: how long
    /// until it starts and whether the room is open yet (it opens
    /// `opens_before` minutes before the start), or until when it runs.
    /// `ends_local` is the end on the meeting's clock.
    pub fn join_when(
        self,
        window: Window,
        now: NaiveDateTime,
        starts_at: NaiveDateTime,
        ends_local: NaiveDateTime,
        opens_before: i64,
    ) -> String {
        // whole minutes, rounded up: "in 10 min" until the tenth minute ends
        let left_seconds = (starts_at - now).num_seconds();
        let left = (left_seconds + 59).div_euclid(60);
        let (days, hours, minutes) = (left / (24 * 60), left / 60, left % 60);
        let wait = match self {
            _ if left < 60 => format!("{left} min"),
            Self::Fr if hours < 48 => format!("{hours} h {minutes:02}"),
            Self::En if hours < 48 => format!("{hours} h {minutes:02} min"),
            Self::Fr => format!("{days} jours"),
            Self::En => format!("{days} days"),
        };
        let until = self.clock(ends_local);
        match (window, self) {
            (Window::Early { .. }, Self::Fr) => {
                format!("Commence dans {wait}. La salle ouvre {opens_before} min avant le début.")
            }
            (Window::Early { .. }, Self::En) => {
                format!("Starts in {wait}. The room opens {opens_before} min before the start.")
            }
            (Window::Open, Self::Fr) if left > 0 => {
                format!("Commence dans {wait} : la salle est ouverte.")
            }
            (Window::Open, Self::En) if left > 0 => format!("Starts in {wait}: the room is open."),
            (Window::Open, Self::Fr) => format!("En cours, jusqu'à {until}."),
            (Window::Open, Self::En) => format!("In progress, until {until}."),
            (Window::Over, Self::Fr) => "Terminée.".to_owned(),
            (Window::Over, Self::En) => "Over.".to_owned(),
        }
    }

    /// Why a meeting takes no invitations now (its answers are closed).
    pub fn invitations_closed(self, closed: Closed) -> &'static str {
        match (closed, self) {
            (Closed::NotPublished, Self::Fr) => {
                "Cette réunion est encore un brouillon : annoncez-la avant d'envoyer les invitations."
            }
            (Closed::NotPublished, Self::En) => {
                "This meeting is still a draft: announce it before sending invitations."
            }
            (Closed::Cancelled, Self::Fr) => {
                "Cette réunion est annulée : elle ne prend plus d'invitations."
            }
            (Closed::Cancelled, Self::En) => {
                "This meeting is cancelled: invitations can no longer be sent."
            }
            (Closed::Over, Self::Fr) => {
                "Cette réunion est passée : elle ne prend plus d'invitations."
            }
            (Closed::Over, Self::En) => "This meeting is over: invitations can no longer be sent.",
            (Closed::PastDeadline, Self::Fr) => {
                "La date limite des réponses est passée : les invités ne pourraient plus répondre."
            }
            (Closed::PastDeadline, Self::En) => {
                "The answers' deadline has passed: the people invited could no longer answer."
            }
        }
    }

    /// A seat limit below the seats already held.
    pub fn seats_already_held(self, held: i64) -> String {
        self.pick(
            format!("{held} personnes ont déjà une place : il en faut au moins {held}"),
            format!("{held} people already have a seat: at least {held} needed"),
        )
    }
}

/// The confirmation page of sending invitations.
impl Lang {
    /// Before inviting `count` people to `title`: the group's people
    /// (`group`) or every member who wants meetings announced.
    pub fn invite_confirmation(
        self,
        title: &str,
        count: usize,
        group: bool,
    ) -> (String, Vec<String>) {
        let who = match (group, self) {
            (true, Self::Fr) => "les coordinateurs du groupe et ses abonnés",
            (true, Self::En) => "the group's coordinators and followers",
            (false, Self::Fr) => "les membres qui reçoivent les annonces de réunions",
            (false, Self::En) => "the members who receive meeting announcements",
        };
        match self {
            Self::Fr => (
                format!("Envoyer les invitations à « {title} » ?"),
                vec![
                    match count {
                        0 => format!("Personne à inviter : {who} ont tous déjà répondu."),
                        1 => format!("Une invitation, avec ses liens de réponse en un clic, part aussitôt par courriel à 1 personne qui n'a pas encore répondu, parmi {who}."),
                        n => format!("Une invitation, avec ses liens de réponse en un clic, part aussitôt par courriel à {n} personnes qui n'ont pas encore répondu, parmi {who}."),
                    },
                    "Les personnes déjà invitées à cette version de la réunion ne reçoivent rien de nouveau.".to_owned(),
                ],
            ),
            Self::En => (
                format!("Send the invitations to “{title}”?"),
                vec![
                    match count {
                        0 => format!("Nobody to invite: {who} have all answered already."),
                        1 => format!("An invitation with one-click answer links goes by mail at once to 1 person who has not answered yet, among {who}."),
                        n => format!("An invitation with one-click answer links goes by mail at once to {n} people who have not answered yet, among {who}."),
                    },
                    "People already invited to this version of the meeting get nothing new.".to_owned(),
                ],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDateTime};

    use crate::domain::Lang;
    use crate::domain::video::Window;

    fn at(text: &str) -> NaiveDateTime {
        text.parse().expect("a time")
    }

    /// What the join section says at `now` of a meeting from 14:00 to 17:00
    /// (UTC and local alike here) whose room opens 15 minutes before.
    fn when(lang: Lang, now: &str) -> String {
        let (start, end) = (at("2027-01-21T14:00:00"), at("2027-01-21T17:00:00"));
        let window = Window::at(at(now), start, end, Duration::minutes(15));
        lang.join_when(window, at(now), start, end, 15)
    }

    #[test]
    fn the_join_section_says_how_long_until_the_start_and_whether_the_room_is_open() {
        assert_eq!(
            when(Lang::Fr, "2027-01-21T12:00:00"),
            "Commence dans 2 h 00. La salle ouvre 15 min avant le début."
        );
        assert_eq!(
            when(Lang::En, "2027-01-18T13:00:00"),
            "Starts in 3 days. The room opens 15 min before the start."
        );
        // whole minutes rounded up: 9 min 30 s is "10 min"
        assert_eq!(
            when(Lang::Fr, "2027-01-21T13:50:30"),
            "Commence dans 10 min : la salle est ouverte."
        );
        assert_eq!(
            when(Lang::En, "2027-01-21T13:59:01"),
            "Starts in 1 min: the room is open."
        );
        assert_eq!(
            when(Lang::Fr, "2027-01-21T14:00:00"),
            "En cours, jusqu'à 17 h 00."
        );
        assert_eq!(
            when(Lang::En, "2027-01-21T16:59:00"),
            "In progress, until 17:00."
        );
        assert_eq!(when(Lang::Fr, "2027-01-21T17:00:00"), "Terminée.");
    }
}
