//! Words: the club's yearly report.

use crate::domain::reports::Totals;
use crate::domain::{Lang, MeetingKind};

crate::i18n::texts! {
    /// Words: the club's yearly report.
    pub struct Reports {
        reports: "Rapports"
            / "Reports",
        report_of: "Rapport d'activité"
            / "Activity report",
        summary: "L'année en bref"
            / "The year at a glance",
        intro: "Les présences sont celles que les organisateurs ont relevées après chaque réunion ; une réunion sans relevé compte ses inscriptions, pas ses présences. Chaque personne compte pour la collectivité à laquelle elle appartient aujourd'hui."
            / "Attendance is what the organizers recorded after each meeting; a meeting without a record counts its answers, not its attendance. Each person counts for the body they belong to today.",
        previous_year: "Année précédente"
            / "Previous year",
        next_year: "Année suivante"
            / "Next year",
        print_help: "Pour une version papier, imprimez cette page : la navigation et les liens n'y figurent pas."
            / "For a paper copy, print this page: the navigation and links are left out.",
        table_of: "Tableau :"
            / "Table:",
        per_meeting: "Participation par réunion"
            / "Participation per meeting",
        chart_meetings: "Présents par réunion, sur place et à distance"
            / "People present per meeting, in person and remote",
        legend: "Légende"
            / "Legend",
        per_body: "Participation par collectivité"
            / "Participation per member body",
        per_group: "Groupes de travail"
            / "Working groups",
        no_meetings: "Aucune réunion tenue cette année."
            / "No meeting held this year.",
        no_groups: "Aucune séance de groupe de travail cette année."
            / "No working-group session this year.",
        download_csv: "Télécharger en CSV"
            / "Download as CSV",
        date: "Date"
            / "Date",
        meeting: "Réunion"
            / "Meeting",
        kind: "Type"
            / "Kind",
        yes: "Oui"
            / "Yes",
        maybe: "Peut-être"
            / "Maybe",
        no: "Non"
            / "No",
        waitlisted: "En attente"
            / "Waiting list",
        in_person: "Sur place"
            / "In person",
        remote: "À distance"
            / "Remote",
        excused: "Excusés"
            / "Excused",
        absent: "Absents"
            / "Absent",
        no_shows: "Non venus"
            / "No-shows",
        not_recorded: "présences non relevées"
            / "attendance not recorded",
        body: "Collectivité"
            / "Member body",
        meetings_attended: "Réunions suivies"
            / "Meetings attended",
        proposals: "Propositions d'accueil"
            / "Proposals to host",
        groups_followed: "Groupes suivis (aujourd'hui)"
            / "Groups followed (today)",
        group: "Groupe"
            / "Group",
        sessions: "Séances"
            / "Sessions",
        presences: "Présences"
            / "Attendance",
        average: "Moyenne par séance"
            / "Average per session",
        trend: "Présents séance après séance"
            / "Present, session by session",
        body_report: "Participation au fil des années"
            / "Participation over the years",
        body_chart: "Présences par année, sur place et à distance"
            / "Attendance per year, in person and remote",
        year: "Année"
            / "Year",
        body_intro: "Les présences de ses membres aux réunions du club, telles que les organisateurs les ont relevées, sur les dix dernières années."
            / "Its people's attendance at the club's meetings, as the organizers recorded it, over the last ten years.",
        year_report: "Le rapport de l'année"
            / "The year's report",
    }
}

impl Lang {
    /// The report's few sentences for an elected official.
    pub fn year_summary(self, year: i32, totals: &Totals) -> Vec<String> {
        let held = totals.meetings_held();
        let kinds: Vec<String> = totals
            .meetings
            .iter()
            .map(|(kind, n)| self.kind_count(*kind, *n))
            .collect();
        let present = totals.in_person + totals.remote;
        let mut sentences = if held == 0 {
            vec![self.pick(
                format!("En {year}, le club ne s'est pas réuni."),
                format!("In {year}, the club did not meet."),
            )]
        } else {
            vec![
                match self {
                    Self::Fr => format!(
                        "En {year}, le club s'est réuni {held} fois : {}.",
                        kinds.join(", ")
                    ),
                    Self::En => format!(
                        "In {year}, the club met {}: {}.",
                        times(held),
                        kinds.join(", ")
                    ),
                },
                match self {
                    Self::Fr => format!(
                        "{} ({} sur place, {} à distance) : {} de {}.",
                        count(present, "présence", "présences"),
                        totals.in_person,
                        totals.remote,
                        count(totals.people_present, "personne", "personnes"),
                        count(totals.bodies_present, "collectivité", "collectivités"),
                    ),
                    Self::En => format!(
                        "{} ({} in person, {} remote) by {} of {}.",
                        count(present, "attendance", "attendances"),
                        totals.in_person,
                        totals.remote,
                        count(totals.people_present, "person", "people"),
                        count(totals.bodies_present, "member body", "member bodies"),
                    ),
                },
            ]
        };
        if totals.proposals > 0 {
            sentences.push(match self {
                Self::Fr => format!(
                    "{} pour la journée de printemps.",
                    count(
                        totals.proposals,
                        "proposition d'accueil",
                        "propositions d'accueil"
                    )
                ),
                Self::En => format!(
                    "{} for the spring plenary.",
                    count(totals.proposals, "proposal to host", "proposals to host")
                ),
            });
        }
        sentences
    }

    fn kind_count(self, kind: MeetingKind, n: usize) -> String {
        let (fr_one, fr_many, en_one, en_many) = match kind {
            MeetingKind::DecemberSession => (
                "réunion de décembre",
                "réunions de décembre",
                "December session",
                "December sessions",
            ),
            MeetingKind::SpringPlenary => (
                "journée de printemps",
                "journées de printemps",
                "spring plenary",
                "spring plenaries",
            ),
            MeetingKind::WorkingGroupSession => (
                "séance de groupe de travail",
                "séances de groupes de travail",
                "working-group session",
                "working-group sessions",
            ),
        };
        self.pick(count(n, fr_one, fr_many), count(n, en_one, en_many))
    }
}

impl Lang {
    /// "2017 : 3 réunions suivies", a chart's label.
    pub fn meetings_attended(self, year: i32, n: usize) -> String {
        match self {
            Self::Fr => format!(
                "{year} : {}",
                count(n, "réunion suivie", "réunions suivies")
            ),
            Self::En => format!(
                "{year}: {}",
                count(n, "meeting attended", "meetings attended")
            ),
        }
    }

    /// "Ses membres suivent aujourd'hui 2 groupes de travail."
    pub fn groups_followed_today(self, n: usize) -> String {
        match self {
            Self::Fr => format!(
                "Ses membres suivent aujourd'hui {}.",
                count(n, "groupe de travail", "groupes de travail")
            ),
            Self::En => format!(
                "Its people follow {} today.",
                count(n, "working group", "working groups")
            ),
        }
    }
}

/// "1 séance", "0 séance", "2 séances" (French: singular below 2; English
/// would say "0 sessions", close enough for a count of things held).
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n < 2 { one } else { many })
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals() -> Totals {
        let mut totals = Totals {
            bodies_present: 2,
            people_present: 5,
            in_person: 4,
            remote: 3,
            proposals: 1,
            ..Totals::default()
        };
        totals.meetings.insert(MeetingKind::SpringPlenary, 1);
        totals.meetings.insert(MeetingKind::WorkingGroupSession, 2);
        totals
    }

    #[test]
    fn the_summary_reads_as_sentences_in_both_languages() {
        assert_eq!(
            Lang::Fr.year_summary(2027, &totals()),
            vec![
                "En 2027, le club s'est réuni 3 fois : 1 journée de printemps, 2 séances de groupes de travail.",
                "7 présences (4 sur place, 3 à distance) : 5 personnes de 2 collectivités.",
                "1 proposition d'accueil pour la journée de printemps.",
            ]
        );
        assert_eq!(
            Lang::En.year_summary(2027, &totals()),
            vec![
                "In 2027, the club met 3 times: 1 spring plenary, 2 working-group sessions.",
                "7 attendances (4 in person, 3 remote) by 5 people of 2 member bodies.",
                "1 proposal to host for the spring plenary.",
            ]
        );
    }

    #[test]
    fn a_year_without_meetings_says_so_and_still_counts_proposals() {
        assert_eq!(
            Lang::Fr.year_summary(2030, &Totals::default()),
            vec!["En 2030, le club ne s'est pas réuni."]
        );
        let proposals = Totals {
            proposals: 2,
            ..Totals::default()
        };
        assert_eq!(
            Lang::En.year_summary(2030, &proposals),
            vec![
                "In 2030, the club did not meet.",
                "2 proposals to host for the spring plenary."
            ]
        );
    }
}
