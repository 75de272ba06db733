//! Words: a meeting's minutes and attendance.

use crate::domain::Lang;
use crate::domain::attendance::{EntryProblem, MinutesState, Presence, SheetClosed};

crate::i18n::texts! {
    /// Words: a meeting's minutes and attendance.
    pub struct Minutes {
        minutes: "Compte rendu"
            / "Minutes",
        minutes_of: "Compte rendu de la réunion"
            / "Minutes of the meeting",
        none_yet: "Le compte rendu n'est pas encore publié."
            / "The minutes are not published yet.",
        draft_heading: "Brouillon (visible des seuls organisateurs)"
            / "Draft (seen by the organizers only)",
        draft_label: "Texte du compte rendu (Markdown)"
            / "Text of the minutes (Markdown)",
        draft_help: "Titres avec #, listes avec -, liens entre crochets. Le HTML et les images ne sont pas repris."
            / "Headings with #, lists with -, links in brackets. HTML and images are left out.",
        save_draft: "Enregistrer le brouillon"
            / "Save the draft",
        draft_saved: "Brouillon enregistré."
            / "Draft saved.",
        unpublished_changes: "Le brouillon contient des modifications non publiées."
            / "The draft holds changes not published yet.",
        publish: "Publier le compte rendu"
            / "Publish the minutes",
        publish_help: "La première publication envoie le compte rendu par courriel aux inscrits (oui ou peut-être), aux présents et aux membres qui suivent le groupe de travail. Republier après une correction n'envoie rien, sauf si vous cochez la case."
            / "The first publication mails the minutes to those who answered yes or maybe, those present, and the members following the working group. Publishing again after a correction mails nothing unless you tick the box.",
        mail_again: "Envoyer de nouveau le compte rendu par courriel à tous"
            / "Mail the minutes to everyone again",
        published_notice: "Compte rendu publié."
            / "Minutes published.",
        published_mailed: "Compte rendu publié ; il part par courriel."
            / "Minutes published; they are being mailed.",
        preview: "Aperçu du brouillon"
            / "Draft preview",
        participants: "Participants"
            / "Participants",
        registered: "Inscrits (présences non encore relevées)"
            / "Registered (attendance not recorded yet)",
        attendance: "Présences"
            / "Attendance",
        attendance_help: "Pour chaque participant, indiquez s'il était présent sur place, présent à distance, excusé ou absent. Le passage par le lien de visio pré-remplit « à distance »."
            / "For each participant, say whether they were present in person, present remotely, excused or absent. A pass through the video link pre-fills “remotely”.",
        not_recorded: "Non renseigné"
            / "Not recorded",
        joined_at: "Passé·e par le lien de visio : "
            / "Went through the video link: ",
        no_answer: "sans inscription"
            / "not registered",
        walk_in: "Ajouter une personne présente sans inscription (son adresse e-mail)"
            / "Add someone present without registration (their e-mail address)",
        walk_in_status: "Sa présence"
            / "Their attendance",
        save_attendance: "Enregistrer les présences"
            / "Save the attendance",
        attendance_saved: "Présences enregistrées."
            / "Attendance saved.",
        record_attendance: "Relever les présences"
            / "Record the attendance",
        edit_minutes: "Rédiger le compte rendu"
            / "Write the minutes",
        nobody: "Personne."
            / "Nobody.",
        no_draft: "Il n'y a pas de brouillon à publier."
            / "There is no draft to publish.",
    }
}

impl Lang {
    /// How a presence is called.
    pub fn presence(self, presence: Presence) -> &'static str {
        match presence {
            Presence::InPerson => self.pick("Présent·e sur place", "Present in person"),
            Presence::Remote => self.pick("Présent·e à distance", "Present remotely"),
            Presence::Excused => self.pick("Excusé·e", "Excused"),
            Presence::Absent => self.pick("Absent·e", "Absent"),
        }
    }

    /// The heading of the people of one presence, on the minutes.
    pub fn presence_group(self, presence: Presence) -> &'static str {
        match presence {
            Presence::InPerson => self.pick("Présents sur place", "Present in person"),
            Presence::Remote => self.pick("Présents à distance", "Present remotely"),
            Presence::Excused => self.pick("Excusés", "Excused"),
            Presence::Absent => self.pick("Absents", "Absent"),
        }
    }

    /// Why one line of an attendance sheet is refused.
    pub fn entry_problem(self, problem: EntryProblem) -> &'static str {
        match problem {
            EntryProblem::UnknownStatus => self.pick(
                "Présence inconnue : in_person, remote, excused ou absent.",
                "Unknown attendance: in_person, remote, excused or absent.",
            ),
            EntryProblem::UnknownPerson => self.pick(
                "Personne inconnue du club (identifiant ou adresse e-mail).",
                "Nobody of the club has this id or e-mail address.",
            ),
            EntryProblem::NotInMeeting => self.pick(
                "Cette personne ne figure pas parmi les participants : on ne peut l'ajouter que présente (sur place ou à distance).",
                "This person is not among the participants: they can only be added as present (in person or remotely).",
            ),
            EntryProblem::Twice => self.pick(
                "Cette personne figure deux fois.",
                "This person is listed twice.",
            ),
        }
    }

    /// Why attendance cannot be recorded now.
    pub fn sheet_closed(self, closed: SheetClosed) -> &'static str {
        match closed {
            SheetClosed::NotStarted => self.pick(
                "Les présences se relèvent une fois la réunion commencée.",
                "Attendance is recorded once the meeting has started.",
            ),
            SheetClosed::NotHeld => self.pick(
                "Cette réunion n'a pas lieu (annulée ou en brouillon) : pas de présences à relever.",
                "This meeting is not held (cancelled or a draft): there is no attendance to record.",
            ),
        }
    }

    /// Where the minutes stand, for organizers.
    pub fn minutes_state(self, state: MinutesState) -> &'static str {
        match state {
            MinutesState::None => self.pick("pas de compte rendu", "no minutes"),
            MinutesState::Draft => self.pick("brouillon", "draft"),
            MinutesState::Published => self.pick("publié", "published"),
        }
    }

    /// Minutes longer than the limit.
    pub fn minutes_too_long(self, max: usize) -> String {
        match self {
            Self::Fr => format!("Le compte rendu dépasse {max} caractères."),
            Self::En => format!("The minutes exceed {max} characters."),
        }
    }

    /// The subject of the minutes' mail.
    pub fn minutes_subject(self, title: &str) -> String {
        match self {
            Self::Fr => format!("Compte rendu : {title}"),
            Self::En => format!("Minutes: {title}"),
        }
    }
}
