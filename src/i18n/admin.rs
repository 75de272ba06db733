//! Words: the administration pages: outbox, bodies and people.

crate::i18n::texts! {
    /// Words: the administration pages: outbox, bodies and people.
    pub struct Admin {
        outbox: "Courriels sortants"
            / "Outgoing mail",
        all: "Tous"
            / "All",
        mail_queued: "En attente"
            / "Queued",
        mail_sent: "Envoyés"
            / "Sent",
        mail_failed: "En échec"
            / "Failed",
        no_mail: "Aucun courriel."
            / "No mail.",
        recipient: "Destinataire"
            / "Recipient",
        subject: "Objet"
            / "Subject",
        attempts: "Tentatives"
            / "Attempts",
        retry: "Renvoyer"
            / "Send again",
        add_organization: "Ajouter une collectivité ou structure"
            / "Add a body",
        slug: "Identifiant dans les adresses"
            / "Identifier in addresses",
        slug_help: "Lettres minuscules, chiffres et tirets, par exemple « grand-lyon »."
            / "Lower-case letters, digits and dashes, for example “grand-lyon”.",
        people: "Participants"
            / "People",
        person_created: "Compte créé :"
            / "Account created:",
        add_person: "Ajouter une personne"
            / "Add a person",
        role_manager: "Gestionnaire de sa collectivité"
            / "Manager of their body",
        role_admin: "Administrateur du club"
            / "Club administrator",
    }
}

use crate::domain::Lang;

/// The outbox in words.
impl Lang {
    /// Said of a sent message whose body the retention emptied.
    pub fn body_purged(self, days: u32) -> String {
        match (days, self) {
            (1, Self::Fr) => "contenu effacé après 1 jour".to_owned(),
            (1, Self::En) => "body purged after 1 day".to_owned(),
            (days, Self::Fr) => format!("contenu effacé après {days} jours"),
            (days, Self::En) => format!("body purged after {days} days"),
        }
    }

    // the outbox's states and kinds of mail, in words
    /// Where one message stands (the outbox's `state` column).
    pub fn mail_state(self, state: &str) -> &'static str {
        match state {
            "queued" => self.pick("en attente", "queued"),
            "sent" => self.pick("envoyé", "sent"),
            "failed" => self.pick("en échec", "failed"),
            _ => self.pick("inconnu", "unknown"),
        }
    }

    /// What a message is about (the outbox's `kind` column, the name of
    /// its template); a kind without words shows as stored.
    pub fn mail_kind(self, kind: &str) -> &str {
        match kind {
            "signin" => self.pick("lien de connexion", "sign-in link"),
            "invitation" => self.pick("invitation", "invitation"),
            "date_chosen" => self.pick("date choisie", "date chosen"),
            "rsvp_confirmed" => self.pick("inscription confirmée", "registration confirmed"),
            "rsvp_promoted" => self.pick("place libérée", "seat freed"),
            "rsvp_waitlisted" => self.pick("liste d'attente", "waiting list"),
            "rsvp_approved" => self.pick("inscription acceptée", "registration accepted"),
            "rsvp_refused" => self.pick("inscription non retenue", "registration not accepted"),
            "rsvp_withdrawn" => self.pick("inscription annulée", "registration withdrawn"),
            "rsvp_removed" => self.pick(
                "retiré·e par les organisateurs",
                "removed by the organizers",
            ),
            "meeting_changed" => self.pick("réunion modifiée", "meeting changed"),
            "meeting_cancelled" => self.pick("réunion annulée", "meeting cancelled"),
            "reminder" => self.pick("rappel", "reminder"),
            "minutes" => self.pick("compte rendu", "minutes"),
            "hosting_call_opened" => self.pick("appel à accueil", "call for hosts"),
            "host_proposal_accepted" => self.pick("proposition retenue", "proposal accepted"),
            "host_proposal_declined" => self.pick("proposition non retenue", "proposal not chosen"),
            "host_chosen" => self.pick("hôte choisi", "host chosen"),
            other => other,
        }
    }
}
