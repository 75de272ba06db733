//! Words: the organizers' messages to a meeting's people.

use crate::domain::Lang;
use crate::domain::messages::Audience;

crate::i18n::texts! {
    /// Words: the organizers' messages to a meeting's people.
    pub struct Messages {
        write: "Écrire aux participants"
            / "Write to the participants",
        help: "Chacun reçoit le message par courriel, dans sa langue, avec votre nom et votre adresse pour vous répondre."
            / "Each person gets the message by mail, in their language, with your name and address to reply to.",
        subject: "Objet"
            / "Subject",
        body: "Message"
            / "Message",
        body_help: "Texte simple, 5 000 caractères au plus."
            / "Plain text, at most 5,000 characters.",
        audience: "Destinataires"
            / "Recipients",
        send: "Envoyer le message"
            / "Send the message",
        sent: "Message envoyé : courriels en partance"
            / "Message sent: mails on their way",
        nobody: "personne dans ces destinataires pour l'instant : aucun message envoyé"
            / "nobody among these recipients yet: no message sent",
        key_expected: "un UUID, qui nomme ce message"
            / "a UUID, which names this message",
        sent_again: "Ce message était déjà envoyé : personne ne le reçoit deux fois."
            / "This message was already sent: nobody gets it twice.",
    }
}

impl Lang {
    /// An audience and how many it reaches: "Inscrits, oui ou peut-être (12)".
    pub fn audience(self, audience: Audience, n: usize) -> String {
        let label = match audience {
            Audience::Participants => self.pick(
                "Inscrits, oui ou peut-être (liste d'attente comprise)",
                "Those who answered yes or maybe (waiting list included)",
            ),
            Audience::Waiting => self.pick("La liste d'attente", "The waiting list"),
            Audience::Everyone => self.pick(
                "Tous ceux qui ont répondu, « non » compris",
                "Everyone who answered, “no” included",
            ),
        };
        format!("{label} ({n})")
    }
}
