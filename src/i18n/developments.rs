//! Words: pooled investments (wished developments and pledges to co-fund
//! them).

use crate::domain::Lang;

crate::i18n::texts! {
    /// Words: pooled investments.
    pub struct Developments {
        nav: "Développements"
            / "Developments",
        heading: "Développements souhaités"
            / "Wished developments",
        intro: "Les évolutions de la plate-forme que les membres souhaitent, et les collectivités prêtes à les cofinancer."
            / "The developments of the platform members wish for, and the bodies willing to co-fund them.",
        none: "Aucun développement souhaité pour l'instant."
            / "No wished development yet.",
        propose: "Proposer un développement"
            / "Propose a development",
        edit: "Modifier ce développement"
            / "Edit this development",
        title: "Titre"
            / "Title",
        description: "Description (Markdown)"
            / "Description (Markdown)",
        description_help: "Titres avec #, listes avec -, liens entre crochets. Le HTML et les images ne sont pas repris."
            / "Headings with #, lists with -, links in brackets. HTML and images are left out.",
        proposed_by: "Proposé par"
            / "Proposed by",
        proposed_by_none: "Aucune collectivité"
            / "No body",
        raised_at: "Évoqué lors de"
            / "Raised at",
        co_funders: "Cofinanceurs"
            / "Co-funders",
        co_funders_count: "Nombre de cofinanceurs"
            / "Number of co-funders",
        no_co_funder: "Aucune collectivité ne s'est encore engagée."
            / "No body has pledged yet.",
        amount_range: "Fourchette"
            / "Range",
        amount_unsaid: "montant non précisé"
            / "amount not stated",
        amounts_hidden: "Les montants ne sont visibles que des membres connectés des collectivités du club."
            / "Amounts are shown only to signed-in members of the club's bodies.",
        pledge_heading: "Engagement de cofinancement"
            / "Co-funding pledge",
        pledge_help: "Votre collectivité se déclare prête à cofinancer ce développement. Les montants, en euros, sont facultatifs et ne sont montrés qu'aux membres du club ; le nom de la collectivité est public."
            / "Your body states it is willing to co-fund this development. Amounts, in euros, are optional and shown to club members only; the body's name is public.",
        organization: "Collectivité"
            / "Body",
        organization_is: "Collectivité : "
            / "Body: ",
        amount_min: "Montant minimal (euros)"
            / "Lowest amount (euros)",
        amount_max: "Montant maximal (euros)"
            / "Highest amount (euros)",
        note: "Remarque (500 caractères au plus)"
            / "Note (at most 500 characters)",
        pledge: "S'engager à cofinancer"
            / "Pledge to co-fund",
        update_pledge: "Mettre à jour l'engagement"
            / "Update the pledge",
        withdraw: "Retirer l'engagement"
            / "Withdraw the pledge",
        pledged_by_you: "Engagement actuel de votre collectivité"
            / "Your body's current pledge",
        backs: "Développements cofinancés"
            / "Developments it co-funds",
        refused_propose: "Seuls les gestionnaires d'une collectivité et les administrateurs du club proposent des développements."
            / "Only a body's managers and the club's administrators propose developments.",
        refused_edit: "Seuls les administrateurs du club modifient un développement."
            / "Only the club's administrators edit a development.",
        refused_pledge: "Seuls les gestionnaires de cette collectivité et les administrateurs du club engagent la collectivité."
            / "Only this body's managers and the club's administrators pledge for it.",
        refused_not_member: "Seules les collectivités membres du club s'engagent à cofinancer."
            / "Only the club's member bodies pledge to co-fund.",
    }
}

impl Lang {
    /// A pledge's range in words: "5 000 € à 10 000 €", "at least 5,000 €".
    pub fn amount_range(self, min: Option<i64>, max: Option<i64>) -> String {
        let euros = |n: i64| {
            let digits = n.to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push_str(self.pick("\u{202f}", ","));
                }
                out.push(c);
            }
            format!("{out}\u{a0}€")
        };
        match (min, max) {
            (Some(a), Some(b)) if a == b => euros(a),
            (Some(a), Some(b)) => self.pick(
                format!("de {} à {}", euros(a), euros(b)),
                format!("{} to {}", euros(a), euros(b)),
            ),
            (Some(a), None) => self.pick(
                format!("au moins {}", euros(a)),
                format!("at least {}", euros(a)),
            ),
            (None, Some(b)) => self.pick(
                format!("jusqu'à {}", euros(b)),
                format!("up to {}", euros(b)),
            ),
            (None, None) => self.texts().developments.amount_unsaid.to_owned(),
        }
    }
}
