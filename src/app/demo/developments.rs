//! The pooled investments of the December 2017 report: the two
//! developments Arles announced it could co-fund (no amount: the report
//! gives none), and one wish of the tour de table nobody pledged for yet
//! (Nancy's statistics and reports for elected officials).

use chrono::NaiveDateTime;

use crate::db::developments::{self as rows, DevelopmentInsertForm};
use crate::db::{self, DbConn};
use crate::domain::developments::PledgeFields;
use crate::domain::error::AppError;

/// One wished development of the report.
struct Wish {
    slug: &'static str,
    title: &'static str,
    description: &'static str,
    /// The body that raised it.
    organization: &'static str,
    /// Whether Arles pledged for it.
    arles_pledges: bool,
}

const WISHES: &[Wish] = &[
    Wish {
        slug: "vue-back-office-rendez-vous",
        title: "Vue back-office de gestion des rendez-vous",
        description: "Une vue dans le back-office pour que les agents gèrent les rendez-vous pris par les usagers sur le portail : planning par service, déplacement et annulation, rappels.\n\nAnnoncé par Arles lors de la réunion de décembre 2017 (« Mutualisation des investissements »).",
        organization: "arles",
        arles_pledges: true,
    },
    Wish {
        slug: "moteur-de-recherche-du-portail",
        title: "Amélioration du moteur de recherche du portail",
        description: "Un moteur de recherche du portail citoyen qui trouve les démarches avec les mots des usagers : synonymes, fautes de frappe, démarches les plus demandées d'abord.\n\nAnnoncé par Arles lors de la réunion de décembre 2017 (« Mutualisation des investissements »).",
        organization: "arles",
        arles_pledges: true,
    },
    Wish {
        slug: "statistiques-et-rapports-pour-les-elus",
        title: "Statistiques et rapports personnalisables pour les élus",
        description: "Des fonctions puissantes de visualisation statistique et des rapports personnalisables pour les élus.\n\nSouhaité par Nancy au tour de table de la réunion de décembre 2017.",
        organization: "nancy",
        arles_pledges: false,
    },
];

/// Adds the report's developments raised at `meeting_id` and Arles's
/// pledges, once: a development already there (by its fixed id) is left
/// as it is, pledges with it.
pub(super) fn load_december_2017_pledges(
    conn: &mut DbConn,
    meeting_id: &str,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    let arles = db::organizations::find_by_slug(conn, "arles")?
        .ok_or_else(|| AppError::internal("demo: no Arles"))?;
    let arles_person = db::people::find_by_email(conn, "enfance@arles.example")?
        .ok_or_else(|| AppError::internal("demo: nobody of Arles"))?;
    for wish in WISHES {
        let id = super::demo_id(&format!("development:{}", wish.slug));
        if rows::exists(conn, &id)? {
            continue;
        }
        let organization = db::organizations::find_by_slug(conn, wish.organization)?;
        rows::insert(
            conn,
            &DevelopmentInsertForm {
                id: &id,
                slug: wish.slug,
                title: wish.title,
                description: wish.description,
                meeting_id: Some(meeting_id),
                organization_id: organization.as_ref().map(|o| o.id.as_str()),
                created_by: None,
                created_at: at,
                updated_at: at,
            },
        )?;
        if wish.arles_pledges {
            rows::pledge(
                conn,
                &id,
                &arles.id,
                &PledgeFields::default(),
                &arles_person.id,
            )?;
        }
    }
    Ok(())
}
