//! Words: calls for hosts and their proposals.

crate::i18n::texts! {
    /// Words: calls for hosts and their proposals.
    pub struct Hosting {
        hosting_call: "Appel à accueil"
            / "Call for hosts",
        wished_period: "Période souhaitée"
            / "Wished period",
        proposals_deadline: "Propositions jusqu'au"
            / "Proposals until",
        requirements: "Ce que doit offrir la collectivité d'accueil"
            / "What the host must offer",
        proposals: "Propositions d'accueil"
            / "Host proposals",
        no_proposals: "Aucune proposition pour le moment."
            / "No proposal yet.",
        proposed_by: "Proposée par"
            / "Proposed by",
        candidate_dates: "Dates proposées"
            / "Candidate dates",
        accessibility: "Accessibilité"
            / "Accessibility",
        equipment: "Salles et équipement"
            / "Rooms and equipment",
        catering: "Restauration"
            / "Catering",
        state: "État"
            / "State",
        people_unit: "personnes"
            / "people",
        hosting_open: "Propositions ouvertes"
            / "Open to proposals",
        hosting_closed: "Propositions closes"
            / "Closed to proposals",
        the_plenary: "La rencontre programmée"
            / "The scheduled meeting",
        plenary_scheduled_here: "Proposition acceptée ; la rencontre est programmée :"
            / "Proposal accepted; the meeting is scheduled:",
        propose_to_host: "Proposer d'accueillir la rencontre"
            / "Offer to host the meeting",
        new_hosting_call: "Ouvrir un appel à accueil"
            / "Open a call for hosts",
        open_call_button: "Ouvrir l'appel et prévenir les membres"
            / "Open the call and tell the members",
        call_title: "Titre de l'appel"
            / "Call's title",
        plenary_year: "Année de la rencontre"
            / "Year of the meeting",
        wished_period_start: "Début de la période souhaitée"
            / "Start of the wished period",
        wished_period_end: "Fin de la période souhaitée"
            / "End of the wished period",
        requirements_help: "Ce que doit offrir l'accueil : une salle pour N personnes, écran et son, accès en transports en commun, déjeuner… (Markdown)"
            / "What a host must offer: a room for N people, screen and sound, access by public transport, lunch… (Markdown)",
        proposal_of: "Proposition d'accueil de"
            / "Offer to host from",
        see_proposal: "Voir la proposition et la soutenir"
            / "See the proposal and support it",
        supports_count: "Soutiens"
            / "Supports",
        supports_heading: "Soutiens des membres"
            / "Members' supports",
        supports_by_body: "Soutiens par collectivité"
            / "Supports by body",
        supporting_body: "Collectivité des soutiens"
            / "Supporters' body",
        supported_proposals: "Propositions soutenues"
            / "Proposals supported",
        no_supports: "Aucun soutien pour le moment."
            / "No support yet.",
        support_comment: "Votre commentaire (facultatif)"
            / "Your comment (optional)",
        support_button: "Soutenir cette proposition"
            / "Support this proposal",
        support_update_button: "Mettre à jour mon soutien"
            / "Update my support",
        unsupport_button: "Retirer mon soutien"
            / "Take back my support",
        you_support: "Vous soutenez cette proposition."
            / "You support this proposal.",
        signin_to_support: "Connectez-vous pour voir les soutiens et soutenir une proposition."
            / "Sign in to see the supports and to support a proposal.",
        edit_proposal: "Modifier la proposition"
            / "Edit the proposal",
        withdraw_proposal: "Retirer la proposition"
            / "Withdraw the proposal",
        shortlist_button: "Retenir pour le choix final"
            / "Shortlist",
        decline_button: "Ne pas retenir"
            / "Decline",
        accept_legend: "Accepter la proposition à la date"
            / "Accept the proposal at the date",
        accept_button: "Accepter et programmer la rencontre"
            / "Accept and schedule the meeting",
        decision_heading: "Décision du club"
            / "The club's decision",
        history_heading: "Historique"
            / "History",
        history_when: "Quand"
            / "When",
        history_what: "Quoi"
            / "What",
        history_who: "Qui"
            / "Who",
        outside_period: "hors de la période souhaitée"
            / "outside the wished period",
        accepted_date: "date retenue"
            / "date chosen",
        date_row: "Date"
            / "Date",
        starts_label: "Début"
            / "Start",
        ends_label: "Fin"
            / "End",
        dates_help: "Une à cinq dates, avec l'heure de début et l'heure de fin sur place (dans le fuseau horaire choisi plus bas) ; laissez vides les lignes inutiles."
            / "One to five dates, each with its start and end time on site (in the time zone chosen below); leave unused rows empty.",
        venue_name_label: "Nom du lieu"
            / "Venue's name",
        venue_directions_label: "Accès en transports en commun"
            / "Access by public transport",
        accessibility_label: "Accessibilité aux personnes à mobilité réduite"
            / "Access for people with reduced mobility",
        equipment_label: "Salles et autre équipement"
            / "Rooms and other equipment",
        has_screen_label: "Écran ou vidéoprojecteur"
            / "Screen or projector",
        has_sound_label: "Sonorisation"
            / "Sound system",
        has_streaming_label: "Retransmission en ligne"
            / "Online streaming",
        access_notes_label: "Autres informations"
            / "Other notes",
        contact_heading: "Contact"
            / "Contact",
        phone: "Téléphone"
            / "Phone",
        send_proposal: "Envoyer la proposition"
            / "Send the proposal",
        proposal_saved: "Proposition enregistrée."
            / "Proposal saved.",
        support_saved: "Soutien enregistré."
            / "Support saved.",
        support_removed: "Soutien retiré."
            / "Support taken back.",
        decision_saved: "Décision enregistrée."
            / "Decision recorded.",
        proposal_withdrawn: "Proposition retirée : elle n'est plus en lice."
            / "Proposal withdrawn: it is no longer in the running.",
        no_body_to_propose: "Vous ne gérez aucune collectivité qui puisse encore proposer d'accueillir cette rencontre."
            / "You manage no body that may still offer to host this meeting.",
        screen_sound_streaming: "Écran, son, retransmission"
            / "Screen, sound, streaming",
        from_bodies: "collectivités représentées :"
            / "bodies represented:",
        refused_decided: "Cet appel est clos : une proposition a été retenue."
            / "This call is closed: a proposal was accepted.",
        refused_second_proposal: "Cette collectivité a déjà une proposition pour cet appel : modifiez-la plutôt."
            / "This body already has a proposal for this call: edit it instead.",
        refused_past_deadline: "La date limite des propositions est passée : seuls les administrateurs du club peuvent encore les modifier."
            / "The proposals' deadline has passed: only the club's administrators may still change them.",
        refused_not_running: "Cette proposition n'est plus en lice."
            / "This proposal is no longer in the running.",
        refused_own_body: "On ne soutient pas la proposition de sa propre collectivité : les soutiens viennent des autres membres du club."
            / "You cannot support your own body's proposal: support comes from the club's other members.",
        refused_no_shortlist: "Retenez d'abord des propositions pour le choix final : le sondage porte sur leurs dates."
            / "Shortlist proposals first: the poll is about their dates.",
        unknown_body: "collectivité inconnue"
            / "unknown body",
        refused_state: "Impossible dans l'état actuel de la proposition :"
            / "Not possible in the proposal's current state:",
        comment_too_long: "5 000 caractères au plus"
            / "at most 5,000 characters",
        already_accepted: "Une proposition est déjà retenue pour cet appel :"
            / "A proposal is already accepted for this call:",
        choose_offered_date: "choisissez l'une des dates proposées"
            / "choose one of the dates offered",
    }
}

/// The confirmation pages of the decisions on a proposal.
impl crate::domain::Lang {
    /// Before accepting `host`'s proposal at `when` (`venue`, perhaps
    /// empty): the question and what follows, the live proposals
    /// `declined` included.
    pub fn accept_confirmation(
        self,
        host: &str,
        when: &str,
        venue: &str,
        declined: &[String],
    ) -> (String, Vec<String>) {
        let place = if venue.is_empty() {
            String::new()
        } else {
            format!(", {venue}")
        };
        let others = declined.join(", ");
        match self {
            Self::Fr => (
                format!("Accepter la proposition de {host} ?"),
                vec![
                    format!("La rencontre sera programmée chez {host} : {when}{place}."),
                    if declined.is_empty() {
                        "Aucune autre proposition n'est en lice.".to_owned()
                    } else {
                        format!("Les autres propositions en lice seront déclinées : {others}.")
                    },
                    "Les courriels partent aussitôt : aux gestionnaires de chaque collectivité qui a proposé, et à tous les membres qui reçoivent les annonces du club.".to_owned(),
                    "Cette décision est définitive : aucune autre proposition ne pourra ensuite être acceptée.".to_owned(),
                ],
            ),
            Self::En => (
                format!("Accept {host}'s proposal?"),
                vec![
                    format!("The meeting will be scheduled at {host}: {when}{place}."),
                    if declined.is_empty() {
                        "No other proposal is in the running.".to_owned()
                    } else {
                        format!("The other proposals in the running will be declined: {others}.")
                    },
                    "The mails go at once: to the managers of every body that proposed, and to every member who receives the club's announcements.".to_owned(),
                    "This decision is final: no other proposal can be accepted afterwards.".to_owned(),
                ],
            ),
        }
    }

    /// Before withdrawing `host`'s proposal.
    pub fn withdraw_confirmation(self, host: &str) -> (String, Vec<String>) {
        match self {
            Self::Fr => (
                format!("Retirer la proposition de {host} ?"),
                vec![
                    "Elle ne sera plus en lice, et ses soutiens ne compteront plus.".to_owned(),
                    "Le retrait est définitif : pour proposer de nouveau, il faudra déposer une nouvelle proposition, tant que l'appel est ouvert.".to_owned(),
                ],
            ),
            Self::En => (
                format!("Withdraw {host}'s proposal?"),
                vec![
                    "It will no longer be in the running, and its supports will no longer count.".to_owned(),
                    "Withdrawing is final: to propose again, a new proposal must be made, while the call is open.".to_owned(),
                ],
            ),
        }
    }
}
