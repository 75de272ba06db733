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
