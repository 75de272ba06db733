//! Words: series of working-group sessions.

crate::i18n::texts! {
    /// Words: series of working-group sessions.
    pub struct Series {
        series: "Série de sessions"
            / "Series of sessions",
        new_series: "Planifier une série de sessions"
            / "Plan a series of sessions",
        sessions: "Sessions"
            / "Sessions",
        change_rule: "Changer la règle"
            / "Change the rule",
        rule: "Règle"
            / "Rule",
        replan_help: "Les sessions à venir sont replanifiées ; les sessions passées, et celles déplacées ou annulées à la main, ne changent pas."
            / "Upcoming sessions are re-planned; past sessions, and those moved or cancelled by hand, do not change.",
        frequency: "Fréquence"
            / "Frequency",
        monthly: "chaque mois"
            / "each month",
        weekly: "toutes les N semaines"
            / "every N weeks",
        which_week: "Quel jour du mois (pour « chaque mois »)"
            / "Which one in the month (for “each month”)",
        last: "dernier"
            / "last",
        every_n_weeks: "Toutes les N semaines (pour « toutes les N semaines »)"
            / "Every N weeks (for “every N weeks”)",
        weekday: "Jour de la semaine"
            / "Day of the week",
        from_date: "Du"
            / "From",
        until_date: "Jusqu'au"
            / "Until",
        replan: "Replanifier"
            / "Re-plan",
        plan_sessions: "Planifier les sessions"
            / "Plan the sessions",
        part_of_series: "Cette session fait partie d'une série :"
            / "This session is part of a series:",
    }
}

use chrono::{NaiveDate, NaiveTime};

use crate::domain::Lang;
use crate::domain::series::{Frequency, SeriesRule};

/// The sentences of the series pages.
impl Lang {
    /// A series' rule in words: "le 3e jeudi de chaque mois, 10 h 00 – 11 h 30".
    pub fn series_rule(self, rule: &SeriesRule) -> String {
        let day = self.weekday_names()[rule.weekday.num_days_from_monday() as usize];
        let clock = |t: NaiveTime| self.clock(NaiveDate::MIN.and_time(t));
        let hours = format!("{} – {}", clock(rule.start), clock(rule.end));
        match (rule.frequency, self) {
            (Frequency::Monthly { ordinal: -1 }, Self::Fr) => {
                format!("le dernier {day} de chaque mois, {hours}")
            }
            (Frequency::Monthly { ordinal: 1 }, Self::Fr) => {
                format!("le 1er {day} de chaque mois, {hours}")
            }
            (Frequency::Monthly { ordinal }, Self::Fr) => {
                format!("le {ordinal}e {day} de chaque mois, {hours}")
            }
            (Frequency::Weekly { interval: 1 }, Self::Fr) => format!("chaque {day}, {hours}"),
            (Frequency::Weekly { interval }, Self::Fr) => {
                format!("un {day} toutes les {interval} semaines, {hours}")
            }
            (Frequency::Monthly { ordinal: -1 }, Self::En) => {
                format!("the last {day} of each month, {hours}")
            }
            (Frequency::Monthly { ordinal }, Self::En) => {
                let suffix = match ordinal {
                    1 => "st",
                    2 => "nd",
                    3 => "rd",
                    _ => "th",
                };
                format!("the {ordinal}{suffix} {day} of each month, {hours}")
            }
            (Frequency::Weekly { interval: 1 }, Self::En) => format!("every {day}, {hours}"),
            (Frequency::Weekly { interval }, Self::En) => {
                format!("a {day} every {interval} weeks, {hours}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::Lang;
    use crate::domain::series::{SeriesInput, SeriesRule};

    #[test]
    fn a_rule_reads_in_each_language() {
        let input = SeriesInput {
            frequency: "monthly".into(),
            ordinal: "3".into(),
            weekday: "3".into(),
            start_time: "10:00".into(),
            end_time: "11:30".into(),
            starts_on: "2027-02-01".into(),
            until: "2027-04-30".into(),
            ..SeriesInput::default()
        };
        let rule = SeriesRule::parse(&input).expect("valid");
        assert_eq!(
            Lang::Fr.series_rule(&rule),
            "le 3e jeudi de chaque mois, 10 h 00 – 11 h 30"
        );
        assert_eq!(
            Lang::En.series_rule(&rule),
            "the 3rd Thursday of each month, 10:00 – 11:30"
        );
    }
}
