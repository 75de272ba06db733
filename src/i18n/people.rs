//! Words: bodies, working groups, profiles and signing in.

crate::i18n::texts! {
    /// Words: bodies, working groups, profiles and signing in.
    pub struct People {
        organizations_title: "Collectivités et structures du club"
            / "The club's member bodies",
        territory: "Territoire"
            / "Territory",
        club_status: "Statut au sein du club"
            / "Standing in the club",
        project_profile: "Fiche projet"
            / "Project profile",
        project_highlight: "Spécificité du projet"
            / "What is specific in the project",
        wished_developments: "Développements souhaités"
            / "Wished developments",
        competences: "Compétences"
            / "Competences",
        roadmap: "Feuille de route"
            / "Roadmap",
        ordered_developments: "Développements commandés ou cofinancés"
            / "Developments ordered or co-funded",
        profile_empty: "Non renseigné."
            / "Not filled in.",
        hosted_upcoming: "Prochaines réunions accueillies"
            / "Upcoming meetings hosted",
        hosted_past: "Réunions accueillies passées"
            / "Past meetings hosted",
        working_groups_title: "Groupes de travail"
            / "Working groups",
        topic: "Sujet"
            / "Topic",
        upcoming_sessions: "Prochaines sessions"
            / "Upcoming sessions",
        past_sessions: "Sessions passées"
            / "Past sessions",
        no_sessions: "Aucune session."
            / "No session.",
        coordination: "Coordination"
            / "Coordinators",
        followers: "Personnes abonnées"
            / "Followers",
        add_group: "Créer un groupe de travail"
            / "Create a working group",
        follow: "Suivre ce groupe"
            / "Follow this group",
        unfollow: "Ne plus suivre"
            / "Unfollow",
        you_follow: "Vous suivez ce groupe."
            / "You follow this group.",
        follow_help: "ses sessions arriveront dans votre agenda personnel"
            / "its sessions will come to your personal calendar",
        name_coordinator: "Nommer un coordinateur (adresse)"
            / "Name a coordinator (address)",
        sign_in_to_follow: "Connectez-vous pour suivre ce groupe"
            / "Sign in to follow this group",
        edit_profile: "Modifier la fiche projet"
            / "Edit the project profile",
        edit_group: "Modifier le groupe"
            / "Edit the group",
        website: "Site web"
            / "Website",
        description: "Description"
            / "Description",
        website_invalid: "L'adresse du site doit commencer par https:// ou http://"
            / "The website address must start with https:// or http://",
        text_too_long: "Texte trop long (5 000 caractères au plus)."
            / "Text too long (at most 5,000 characters).",
        my_profile: "Mon profil"
            / "My profile",
        my_meetings: "Mes réunions"
            / "My meetings",
        my_meetings_help: "Celles auxquelles vous avez répondu oui ou peut-être, et les séances des groupes que vous suivez."
            / "Those you answered yes or maybe to, and the sessions of the groups you follow.",
        my_coming: "À venir"
            / "Coming",
        my_past: "Passées"
            / "Past",
        my_none_coming: "Aucune réunion à venir pour vous."
            / "No meeting coming for you.",
        my_none_past: "Aucune réunion passée."
            / "No past meeting.",
        my_no_answer: "pas encore répondu"
            / "not answered yet",
        my_answer: "Ma réponse :"
            / "My answer:",
        my_settings: "Mes préférences"
            / "My settings",
        organization: "Collectivité ou structure"
            / "Body",
        roles: "Rôles"
            / "Roles",
        role_member: "membre"
            / "member",
        role_admin: "administration du club"
            / "club administration",
        role_org_manager: "gestion de la fiche de sa collectivité"
            / "managing one's body's profile",
        role_coordinator: "coordination d'un groupe de travail"
            / "coordinating a working group",
        name: "Nom"
            / "Name",
        name_invalid: "Indiquez un nom (120 caractères au plus)."
            / "Give a name (at most 120 characters).",
        language: "Langue"
            / "Language",
        notifications: "Notifications par courriel"
            / "Email notifications",
        notify_meetings: "Annonces des réunions du club et des appels à accueil"
            / "Announcements of club meetings and calls for hosts",
        notify_group_sessions: "Sessions des groupes de travail que je suis"
            / "Sessions of the working groups I follow",
        api_tokens: "Jetons d'accès à l'API"
            / "API access tokens",
        api_tokens_help: "Un jeton permet à un connecteur d'utiliser l'API en votre nom. Il n'est affiché qu'une fois ; révoquez-le dès qu'il ne sert plus."
            / "A token lets a connector use the API on your behalf. It is shown once; revoke it as soon as it is no longer used.",
        created: "Créé le"
            / "Created",
        revoked: "révoqué"
            / "revoked",
        revoke: "Révoquer"
            / "Revoke",
        token_name: "Nom du jeton"
            / "Token name",
        create_token: "Créer un jeton"
            / "Create a token",
        token_created: "Nouveau jeton"
            / "New token",
        token_shown_once: "Copiez-le maintenant : il ne sera plus jamais affiché."
            / "Copy it now: it will never be shown again.",
        sign_in: "Se connecter"
            / "Sign in",
        sign_out: "Se déconnecter"
            / "Sign out",
        sessions_heading: "Sessions ouvertes"
            / "Open sessions",
        sessions_open: "Sessions ouvertes :"
            / "Open sessions:",
        sessions_help: "Chaque navigateur où vous vous êtes connecté garde sa session 30 jours après sa dernière visite, 90 jours au plus. Se déconnecter partout les termine toutes, celle-ci comprise."
            / "Each browser you signed in with keeps its session for 30 days after its last visit, 90 days at most. Signing out everywhere ends them all, this one included.",
        sign_out_everywhere: "Se déconnecter partout"
            / "Sign out everywhere",
        end_sessions: "Mettre fin à ses sessions"
            / "End their sessions",
        end_sessions_help: "Termine aussitôt toutes les sessions de cette personne, sur tous ses appareils. Elle pourra se reconnecter avec un lien reçu par courriel."
            / "Ends all of this person's sessions at once, on every device. They can sign in again with a link received by email.",
        email: "Adresse électronique"
            / "Email address",
        signin_intro: "Indiquez votre adresse : vous recevrez un lien de connexion, valable 15 minutes."
            / "Enter your address: you will receive a sign-in link, valid for 15 minutes.",
        signin_send: "Recevoir un lien de connexion"
            / "Send me a sign-in link",
        signin_sent: "Si un compte correspond à cette adresse, un lien de connexion vient d'y être envoyé. Il est valable 15 minutes et ne sert qu'une fois."
            / "If an account matches this address, a sign-in link has just been sent to it. It is valid for 15 minutes and works once.",
        signin_invalid_email: "Cette adresse électronique n'est pas valide, par exemple : prenom.nom@ville.fr"
            / "This email address is not valid, for example: first.last@town.fr",
        signin_too_many: "Trop de demandes pour cette adresse ou ce réseau : réessayez dans quelques minutes."
            / "Too many requests for this address or network: try again in a few minutes.",
        signin_confirm: "Me connecter"
            / "Sign me in",
        signin_link_over: "Ce lien de connexion n'est plus valable : il a déjà servi ou a expiré."
            / "This sign-in link is no longer valid: it was already used or it expired.",
        signin_ask_again: "Demander un nouveau lien"
            / "Ask for a new link",
        refused_edit_organization: "Seuls les gestionnaires de cette collectivité et les administrateurs du club peuvent la modifier."
            / "Only this body's managers and the club's administrators may edit it.",
        refused_edit_working_group: "Seuls les coordinateurs de ce groupe et les administrateurs du club peuvent le modifier."
            / "Only this group's coordinators and the club's administrators may edit it.",
        refused_organize_meeting: "Seuls les administrateurs du club, et les coordinateurs pour les sessions de leur groupe, organisent les réunions."
            / "Only the club's administrators, and coordinators for their group's sessions, organize meetings.",
        refused_admins_only: "Cette action est réservée aux administrateurs du club."
            / "Only the club's administrators may do this.",
    }
}

use crate::domain::Lang;

/// The sentences of the profile pages.
impl Lang {
    /// How a reminder's offset is called: "la veille", "1 heure avant",
    /// "2 hours before" (words, not abbreviations: a screen reader says them).
    pub fn reminder_label(self, minutes: i64) -> String {
        match (minutes, self) {
            (1440, Self::Fr) => "la veille, à la même heure".to_owned(),
            (1440, Self::En) => "the day before, at the same time".to_owned(),
            (m, Self::Fr) if m % 1440 == 0 => format!("{} jours avant, à la même heure", m / 1440),
            (m, Self::En) if m % 1440 == 0 => format!("{} days before, at the same time", m / 1440),
            (60, Self::Fr) => "1 heure avant".to_owned(),
            (60, Self::En) => "1 hour before".to_owned(),
            (m, Self::Fr) if m % 60 == 0 => format!("{} heures avant", m / 60),
            (m, Self::En) if m % 60 == 0 => format!("{} hours before", m / 60),
            (1, Self::Fr) => "1 minute avant".to_owned(),
            (1, Self::En) => "1 minute before".to_owned(),
            (m, Self::Fr) => format!("{m} minutes avant"),
            (m, Self::En) => format!("{m} minutes before"),
        }
    }
}
