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
}
