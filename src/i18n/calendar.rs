//! Words: calendar files and feeds.

crate::i18n::texts! {
    /// Words: calendar files and feeds.
    pub struct Calendar {
        add_to_calendar: "Ajouter à mon agenda (fichier .ics)"
            / "Add to my calendar (.ics file)",
        google_calendar: "Google Agenda"
            / "Google Calendar",
        outlook_web: "Outlook (web)"
            / "Outlook (web)",
        subscribe_how: "Comment s'abonner"
            / "How to subscribe",
        subscribe_heading: "S'abonner à l'agenda"
            / "Subscribe to the calendar",
        subscribe_webcal: "S'abonner (webcal)"
            / "Subscribe (webcal)",
        subscribe_copy: "Adresse à copier dans votre logiciel d'agenda"
            / "Address to paste in your calendar program",
        copy_address: "Copier l'adresse"
            / "Copy the address",
        copied: "Adresse copiée : collez-la dans votre logiciel d'agenda."
            / "Address copied: paste it in your calendar program.",
        copy_by_hand: "Copie impossible ici : l'adresse est sélectionnée, copiez-la avec Ctrl+C (⌘+C sur Mac)."
            / "Cannot copy here: the address is selected, copy it with Ctrl+C (⌘+C on a Mac).",
        subscribe_outlook: "Outlook : Ajouter un calendrier › À partir d'Internet, puis collez l'adresse."
            / "Outlook: Add calendar › Subscribe from web, then paste the address.",
        subscribe_google: "Google Agenda : Autres agendas › + › À partir de l'URL, puis collez l'adresse."
            / "Google Calendar: Other calendars › + › From URL, then paste the address.",
        subscribe_thunderbird: "Thunderbird : Nouvel agenda › Sur le réseau, puis collez l'adresse."
            / "Thunderbird: New calendar › On the network, then paste the address.",
        subscribe_phone: "Téléphone (iPhone, Android avec une application d'agenda) : touchez le lien « S'abonner (webcal) »."
            / "Phone (iPhone, Android with a calendar app): tap the “Subscribe (webcal)” link.",
        my_calendar: "Mon agenda personnel"
            / "My personal calendar",
        my_calendar_help: "Les réunions auxquelles vous avez répondu oui ou peut-être, et les séances des groupes que vous suivez. Cette adresse est personnelle : ne la partagez pas."
            / "The meetings you answered yes or maybe to, and the sessions of the groups you follow. This address is yours alone: do not share it.",
        rotate_feed: "Changer d'adresse (l'ancienne cessera de fonctionner)"
            / "Change the address (the old one will stop working)",
        feed_rotated: "Nouvelle adresse créée : mettez-la à jour dans votre logiciel d'agenda."
            / "New address made: update it in your calendar program.",
        event_more: "Toutes les informations et les inscriptions : "
            / "Details and registration: ",
        event_join: "Rejoindre la réunion"
            / "Join the meeting",
        event_phone: "Par téléphone"
            / "By phone",
        event_code: "code"
            / "code",
        event_join_line: "Rejoindre la réunion : "
            / "Join the meeting: ",
        event_phone_line: "Par téléphone : "
            / "By phone: ",
        feed_mine: "mes réunions"
            / "my meetings",
    }
}
