//! Words: the words every page shares: the frame, errors and buttons.

crate::i18n::texts! {
    /// Words: the words every page shares: the frame, errors and buttons.
    pub struct Common {
        site_name: "Club des utilisateurs"
            / "Users' club",
        skip_to_content: "Aller au contenu"
            / "Skip to content",
        main_navigation: "Navigation principale"
            / "Main navigation",
        nav_meetings: "Réunions"
            / "Meetings",
        nav_organizations: "Collectivités"
            / "Member bodies",
        nav_working_groups: "Groupes de travail"
            / "Working groups",
        other_language: "English"
            / "Français",
        other_language_code: "en"
            / "fr",
        yes_word: "oui"
            / "yes",
        no_word: "non"
            / "no",
        error_not_found: "Page introuvable"
            / "Page not found",
        error_not_found_help: "Cette adresse ne correspond à aucune page, ou la page n'est pas publique."
            / "No page has this address, or the page is not public.",
        error_method_not_allowed: "Demande non acceptée à cette adresse"
            / "Request not accepted at this address",
        error_method_not_allowed_help: "Cette adresse existe, mais ne reçoit pas ce genre de demande : ouvrez-la depuis votre navigateur ou depuis un lien du site."
            / "This address exists, but does not take this kind of request: open it from your browser or from a link of the site.",
        error_forbidden: "Accès refusé"
            / "Access denied",
        error_invalid: "Données invalides"
            / "Invalid input",
        error_unavailable: "Service momentanément indisponible"
            / "Service temporarily unavailable",
        error_internal: "Une erreur inattendue est survenue. Elle a été enregistrée ; réessayez plus tard."
            / "Something unexpected went wrong. It was logged; please try again later.",
        error_other: "La demande n'a pas pu aboutir."
            / "The request could not be completed.",
        back_home: "Retour à l'accueil"
            / "Back to the home page",
        what_will_happen: "Ce qui va se passer"
            / "What will happen",
        confirm: "Confirmer"
            / "Confirm",
        go_back: "Revenir sans rien changer"
            / "Go back without changing anything",
        form_has_errors: "Le formulaire contient des erreurs : corrigez les champs signalés."
            / "The form has errors: correct the marked fields.",
        required: "(obligatoire)"
            / "(required)",
        at_most_200: "200 caractères au plus."
            / "At most 200 characters.",
        at_most_300: "300 caractères au plus."
            / "At most 300 characters.",
        edit: "Modifier"
            / "Edit",
        saved: "Modifications enregistrées."
            / "Changes saved.",
        save: "Enregistrer"
            / "Save",
        form_expired: "Le formulaire a expiré ou ne vient pas de ce site : rechargez la page et recommencez."
            / "The form expired or did not come from this site: reload the page and try again.",
    }
}
