//! Words: action items.

use crate::domain::Lang;
use crate::domain::actions::ActionState;

crate::i18n::texts! {
    /// Words: action items.
    pub struct Actions {
        actions: "Actions"
            / "Action items",
        raised_here: "Décidées à cette réunion"
            / "Raised at this meeting",
        carried: "Actions en cours des séances précédentes"
            / "Open items from earlier sessions",
        none: "Aucune action."
            / "No action item.",
        all_open: "Actions en cours"
            / "Open action items",
        all_open_help: "Les actions encore ouvertes des réunions du club, par responsable, les plus pressées d'abord."
            / "The club's action items still open, by owner, the most pressing first.",
        owner: "Pour action"
            / "Owner",
        owner_club: "les membres du club"
            / "the club's members",
        due: "Échéance"
            / "Due",
        overdue: "en retard"
            / "overdue",
        from_meeting: "Réunion"
            / "Meeting",
        raise: "Ajouter une action"
            / "Add an action item",
        text: "L'action"
            / "The action",
        owner_kind: "Qui s'en charge"
            / "Who takes it on",
        owner_help: "Pour une collectivité, son identifiant (par exemple « nancy ») ; pour une personne, son adresse électronique."
            / "For a body, its short name (such as “nancy”); for a person, their e-mail address.",
        owner_value: "Collectivité ou personne"
            / "Body or person",
        due_help: "Facultative ; le responsable reçoit un rappel trois jours avant."
            / "Optional; the owner gets a reminder three days before.",
        raised: "Action ajoutée."
            / "Action item added.",
        changed: "Action mise à jour."
            / "Action item updated.",
        mark_done: "Marquer comme faite"
            / "Mark done",
        mark_dropped: "Abandonner"
            / "Drop",
        reopen: "Rouvrir"
            / "Reopen",
        unknown_owner: "personne ni collectivité du club ne porte ce nom"
            / "no person or body of the club has this name",
        not_yours: "Seuls les organisateurs de la réunion et le responsable de l'action peuvent la changer."
            / "Only the meeting's organizers and the item's owner may change it.",
        state_expected: "open, done ou dropped"
            / "open, done or dropped",
    }
}

impl Lang {
    pub fn action_state(self, state: ActionState) -> &'static str {
        match state {
            ActionState::Open => self.pick("en cours", "open"),
            ActionState::Done => self.pick("faite", "done"),
            ActionState::Dropped => self.pick("abandonnée", "dropped"),
        }
    }
}
