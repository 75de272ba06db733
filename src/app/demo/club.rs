//! The club of the seed report (the 4th meeting of the Publik users' club,
//! 7 December 2017): who was there, what each body said of its project, the
//! working groups it proposed.

use crate::domain::rsvps::{Answer, Attendance};
use crate::domain::{ClubStatus, OrgKind};

/// A body of the club as the report presents it.
#[derive(Debug)]
pub struct DemoOrganization {
    pub slug: &'static str,
    pub name: &'static str,
    pub kind: OrgKind,
    pub status: ClubStatus,
    pub territory: Option<&'static str>,
    pub website: Option<&'static str>,
    /// "la spécificité de ce projet…"
    pub project_highlight: &'static str,
    /// "souhait de…"
    pub wished_developments: &'static str,
    /// Developments it ordered or offers to co-fund.
    pub ordered_developments: &'static str,
}

const fn body(
    slug: &'static str,
    name: &'static str,
    kind: OrgKind,
    status: ClubStatus,
    territory: Option<&'static str>,
) -> DemoOrganization {
    DemoOrganization {
        slug,
        name,
        kind,
        status,
        territory,
        website: None,
        project_highlight: "",
        wished_developments: "",
        ordered_developments: "",
    }
}

use ClubStatus::{Member, Observer, Partner};
use OrgKind::{Commune, Company, Departement, Intercommunalite, Metropole, Syndicat};

/// Every body of the report, plus Alfortville (host in June 2017) and
/// Entr'ouvert (the vendor that coordinates the club).
pub const ORGANIZATIONS: &[DemoOrganization] = &[
    DemoOrganization {
        project_highlight: "Une méthodologie itérative, avec la mise en œuvre systématique d'une démarche de co-construction.",
        wished_developments: "Des fonctions puissantes de visualisation statistique et de production de rapports personnalisables pour les élus ; un connecteur vers le logiciel de gestion électronique de courrier Maarch.",
        ..body(
            "nancy",
            "Ville de Nancy",
            Commune,
            Member,
            Some("Meurthe-et-Moselle"),
        )
    },
    DemoOrganization {
        project_highlight: "En plus des démarches, le portail GRU comprendra des informations personnalisées (ouverture en mars 2018).",
        wished_developments: "Des champs conditionnels dans la même page.",
        ..body(
            "strasbourg",
            "Eurométropole de Strasbourg",
            Metropole,
            Member,
            Some("Bas-Rhin"),
        )
    },
    DemoOrganization {
        project_highlight: "Projet à lancer avec Publik, après une première expérimentation avec CapDémat.",
        ..body(
            "cd44",
            "Département de Loire-Atlantique (CD44)",
            Departement,
            Member,
            Some("Loire-Atlantique"),
        )
    },
    DemoOrganization {
        project_highlight: "Lancement prochain d'une progressive web app.",
        wished_developments: "Pour le module de prise de rendez-vous : une interface avec Outlook et la prise de rendez-vous en back-office. Plus de documentation technique, afin de pouvoir développer des connecteurs en autonomie.",
        ..body(
            "grand-lyon",
            "Métropole de Lyon (Grand Lyon)",
            Metropole,
            Member,
            Some("Rhône"),
        )
    },
    body(
        "oullins",
        "Ville d'Oullins",
        Commune,
        Observer,
        Some("Rhône"),
    ),
    body(
        "feyzin",
        "Ville de Feyzin",
        Commune,
        Observer,
        Some("Rhône"),
    ),
    DemoOrganization {
        project_highlight: "Un dispositif de signature en ligne est en place pour les contrats d'accueil en crèche.",
        wished_developments: "Une amélioration de l'ergonomie multicanal.",
        ..body(
            "vincennes",
            "Ville de Vincennes",
            Commune,
            Member,
            Some("Val-de-Marne"),
        )
    },
    DemoOrganization {
        project_highlight: "Expérimentation en cours (jusqu'en mars 2018), en vue d'un éventuel déploiement sur son territoire de 36 communes.",
        wished_developments: "L'automatisation de la création d'une instance et la mise en place facile d'une charte graphique personnalisée.",
        ..body(
            "sicoval",
            "Sicoval",
            Intercommunalite,
            Member,
            Some("Haute-Garonne"),
        )
    },
    body("sitiv", "Sitiv", Syndicat, Observer, Some("Rhône")),
    DemoOrganization {
        wished_developments: "Un formulaire de création de comptes usagers personnalisable ; l'utilisation de la Base Adresse Nationale (BAN).",
        ..body(
            "amiens",
            "Amiens Métropole",
            Metropole,
            Member,
            Some("Somme"),
        )
    },
    DemoOrganization {
        wished_developments: "La simplification de processus internes, notamment dans le domaine de l'enfance (inscription tout-en-un : scolaire, périscolaire, cantine…).",
        ordered_developments: "Prête à participer au financement d'une vue back-office de gestion des rendez-vous et de l'amélioration du moteur de recherche du portail.",
        ..body(
            "arles",
            "Ville d'Arles",
            Commune,
            Member,
            Some("Bouches-du-Rhône"),
        )
    },
    DemoOrganization {
        project_highlight: "La mise en place d'un référentiel usager en parallèle de Publik, avec un moteur de recherche des usagers intégré.",
        wished_developments: "Une gestion plus fine des droits d'administration, à l'échelle de la démarche (formulaire et workflow) ou de la source de données.",
        ..body(
            "nanterre",
            "Ville de Nanterre",
            Commune,
            Member,
            Some("Hauts-de-Seine"),
        )
    },
    body(
        "alfortville",
        "Ville d'Alfortville",
        Commune,
        Member,
        Some("Val-de-Marne"),
    ),
    body(
        "montpellier",
        "Montpellier Méditerranée Métropole",
        Metropole,
        Member,
        Some("Hérault"),
    ),
    DemoOrganization {
        project_highlight: "Partenaire intégrateur de Publik.",
        ..body("comoe", "Comoé", Company, Partner, None)
    },
    DemoOrganization {
        website: Some("http://www.opensourcepolitics.eu"),
        project_highlight: "Membre du projet Publik 2020.",
        ..body(
            "open-source-politics",
            "Open Source Politics",
            Company,
            Partner,
            None,
        )
    },
    DemoOrganization {
        website: Some("https://nereide.fr"),
        project_highlight: "Futur membre potentiel du projet Publik 2020.",
        ..body("nereide", "Néréide", Company, Partner, None)
    },
    DemoOrganization {
        website: Some("https://www.entrouvert.com"),
        project_highlight: "Éditeur de Publik ; anime le club, sa liste de diffusion et ses groupes de travail.",
        ..body("entrouvert", "Entr'ouvert", Company, Partner, Some("Paris"))
    },
];

/// A working group the report proposes.
#[derive(Debug)]
pub struct DemoWorkingGroup {
    pub slug: &'static str,
    pub name: &'static str,
    pub topic: &'static str,
    pub description: &'static str,
}

/// The remote working groups of the report.
pub const WORKING_GROUPS: &[DemoWorkingGroup] = &[
    DemoWorkingGroup {
        slug: "connecteur-courrier",
        name: "Connecteur de gestion électronique du courrier",
        topic: "Mise en place d'un connecteur, par exemple vers le logiciel de gestion électronique de courrier Maarch souhaité à Nancy.",
        description: "Construire ensemble un connecteur et sa documentation, pour que chaque collectivité puisse ensuite en développer en autonomie.",
    },
    DemoWorkingGroup {
        slug: "etat-civil",
        name: "État-civil",
        topic: "Les démarches d'état-civil en ligne.",
        description: "",
    },
    DemoWorkingGroup {
        slug: "elections",
        name: "Élections",
        topic: "Inscriptions sur les listes électorales et démarches liées aux élections.",
        description: "",
    },
    DemoWorkingGroup {
        slug: "social",
        name: "Social",
        topic: "Les démarches de l'action sociale.",
        description: "",
    },
    DemoWorkingGroup {
        slug: "democratie-participative",
        name: "Démocratie participative",
        topic: "Budgets participatifs, consultations et outils de participation (Decidim, Framavox…).",
        description: "",
    },
];

/// Who filed the minutes of 7 December 2017.
pub const MINUTES_2017_AUTHOR: &str = "brice.mallet@entrouvert.example";

/// The demo's people of the bodies the report of 7 December 2017 names as
/// present (the others present have no person in the demo).
pub const PRESENT_2017_12_07: &[&str] = &[
    "brice.mallet@entrouvert.example",
    "chef.projet@nancy.example",
    "chef.projet@strasbourg.example",
    "chef.projet@grand-lyon.example",
    "chef.projet@vincennes.example",
    "chef.projet@sicoval.example",
    "enfance@arles.example",
    "chef.projet@nanterre.example",
];

/// The minutes of 7 December 2017: the club's report, summed up.
pub const MINUTES_2017_12_07: &str = "\
Jeudi 7 décembre 2017, lors du salon des Interconnectés, s'est tenue la quatrième réunion du Club utilisateurs de la solution de GRU Publik, la troisième s'étant tenue à Alfortville en juin 2017.

## Tour de table

Chaque participant s'est présenté en mentionnant un aspect spécifique de son projet et un développement souhaité pour Publik :

- **Ville de Nancy** : une méthodologie itérative, avec une démarche systématique de co-construction ; souhaite des fonctions puissantes de visualisation statistique et des rapports personnalisables pour les élus.
- **Eurométropole de Strasbourg** : le portail GRU comprendra aussi des informations personnalisées (ouverture en mars 2018) ; souhaite des champs conditionnels dans la même page.
- **CD44** : projet à lancer avec Publik, après une première expérimentation avec CapDémat.
- **Grand Lyon** : lancement prochain d'une progressive web app ; pour la prise de rendez-vous, une interface avec Outlook et la prise de rendez-vous en back-office ; plus de documentation technique pour développer des connecteurs en autonomie.
- **Ville de Vincennes** : signature en ligne des contrats d'accueil en crèche ; souhaite une meilleure ergonomie multicanal.
- **Sicoval** : expérimentation jusqu'en mars 2018 ; en vue d'un déploiement sur ses 36 communes, souhaite automatiser la création d'une instance et personnaliser facilement la charte graphique.
- **Amiens Métropole** : souhaite un formulaire de création de comptes usagers personnalisable, et l'utilisation de la Base Adresse Nationale.
- **Ville d'Arles** : besoin de simplifier des processus internes, notamment dans l'enfance (inscription tout-en-un : scolaire, périscolaire, cantine…).
- **Ville de Nanterre** : un référentiel usager en parallèle de Publik, avec moteur de recherche des usagers ; souhaite une gestion plus fine des droits d'administration, par démarche ou par source de données.
- **Ville d'Oullins**, **Ville de Feyzin** et **Sitiv** : présents en tant qu'observateurs, non encore utilisateurs.

Étaient également présentes la société Comoé, partenaire intégrateur, et les sociétés Open Source Politics (membre du projet Publik 2020) et Néréide (futur membre potentiel).

## Activités du club

Rappel des objectifs : partager les expériences, faciliter l'arrivée de nouveaux acteurs, orienter les évolutions, mutualiser les investissements de développement.

### Liste de discussion

Elle sert aujourd'hui de liste de diffusion (notes de mise à jour, deux fois par mois) plutôt que de discussion. Actions proposées :

- relancer les présentations des nouveaux abonnés ;
- rappeler les « règles du jeu » — *pour action Entr'ouvert* ;
- présenter brièvement les nouveaux utilisateurs avant de leur céder la plume — *pour action Entr'ouvert* ;
- partager les actualités d'Entr'ouvert utiles aux membres (nouvelles embauches…) — *pour action Entr'ouvert* ;
- lancer des débats sur des sujets d'actualité (démarches d'urbanisme en 2018, programme DCANT…) — *pour action membres du Club et Entr'ouvert*.

### Rencontres

Le rythme proposé est confirmé : une réunion de 3 heures aux Interconnectés en décembre, une journée complète au printemps à l'invitation d'une collectivité utilisatrice. Pour le printemps 2018, se proposent Grand Lyon ou Montpellier Métropole, en juin probablement.

En plus, des groupes de travail à distance : un connecteur (gestion électronique de courrier Maarch, souhaitée à Nancy), état-civil, élections, social, démocratie participative ; par la conférence téléphonique d'Entr'ouvert, avec visioconférence et partage d'écran. Un groupe en présentiel pendant le Salon des maires (novembre 2018), dans les locaux parisiens d'Entr'ouvert, reste à décider.

### Faciliter les échanges

Pour mieux connaître chaque collectivité (compétences, problématiques, feuille de route, développements commandés), chacune doit pouvoir éditer sa propre fiche « projet ». En attendant un outil plus adapté, Entr'ouvert ouvre un wiki sur la plate-forme Redmine ; Framavox et Decidim, entre autres, seront étudiés.

## Orientation des évolutions

Les évolutions souhaitées par les utilisateurs et envisagées par Entr'ouvert sont présentées dans le diaporama annexé.

## Mutualisation des investissements

Arles annonce la possibilité de participer aux investissements suivants :

- une vue back-office de gestion des rendez-vous ;
- l'amélioration du moteur de recherche du portail.

## Autres projets

Deux projets envisagés à moyen terme par Entr'ouvert : Publik 2020, également présenté en atelier aux Interconnectés, et des modules de formation mutualisés (par exemple pour réaliser des connecteurs), avec l'étude d'une plate-forme de formation à distance de type Moodle.
";

/// A person of the demo club, to sign in as. Addresses are under
/// `.example`: no mail leaves for a real person.
#[derive(Debug)]
pub struct DemoPerson {
    pub email: &'static str,
    pub name: &'static str,
    pub organization: Option<&'static str>,
    pub admin: bool,
    pub manager: bool,
    pub coordinates: &'static [&'static str],
}

/// The club coordinator (who filed the 2017 minutes), project leads who
/// manage their body's profile, and members without a role.
pub const PEOPLE: &[DemoPerson] = &[
    DemoPerson {
        email: "brice.mallet@entrouvert.example",
        name: "Brice Mallet",
        organization: Some("entrouvert"),
        admin: true,
        manager: true,
        coordinates: &[
            "connecteur-courrier",
            "etat-civil",
            "elections",
            "social",
            "democratie-participative",
        ],
    },
    DemoPerson {
        email: "chef.projet@nancy.example",
        name: "Cheffe de projet GRU, Nancy",
        organization: Some("nancy"),
        admin: false,
        manager: true,
        coordinates: &[],
    },
    DemoPerson {
        email: "chef.projet@grand-lyon.example",
        name: "Chef de projet GRU, Grand Lyon",
        organization: Some("grand-lyon"),
        admin: false,
        manager: true,
        coordinates: &[],
    },
    DemoPerson {
        email: "chef.projet@montpellier.example",
        name: "Cheffe de projet GRU, Montpellier",
        organization: Some("montpellier"),
        admin: false,
        manager: true,
        coordinates: &[],
    },
    DemoPerson {
        email: "enfance@arles.example",
        name: "Service enfance, Arles",
        organization: Some("arles"),
        admin: false,
        manager: false,
        coordinates: &[],
    },
    DemoPerson {
        email: "chef.projet@strasbourg.example",
        name: "Chef de projet GRU, Eurométropole de Strasbourg",
        organization: Some("strasbourg"),
        admin: false,
        manager: false,
        coordinates: &[],
    },
    DemoPerson {
        email: "chef.projet@vincennes.example",
        name: "Cheffe de projet GRU, Vincennes",
        organization: Some("vincennes"),
        admin: false,
        manager: false,
        coordinates: &[],
    },
    DemoPerson {
        email: "chef.projet@nanterre.example",
        name: "Chef de projet GRU, Nanterre",
        organization: Some("nanterre"),
        admin: false,
        manager: false,
        coordinates: &[],
    },
    DemoPerson {
        email: "chef.projet@sicoval.example",
        name: "Chef de projet, Sicoval",
        organization: Some("sicoval"),
        admin: false,
        manager: false,
        coordinates: &[],
    },
];

/// An answer of a demo person, with what they said in the tour de table.
#[derive(Debug)]
pub struct DemoRsvp {
    pub email: &'static str,
    pub answer: Answer,
    pub attendance: Attendance,
    /// "un aspect spécifique de leur projet"
    pub project_highlight: &'static str,
    /// "un développement souhaité pour Publik"
    pub wished_development: &'static str,
    /// Whether their name may appear on the public page.
    pub listed: bool,
    /// Whether they take the lunch (meetings that ask).
    pub lunch: bool,
    pub dietary_needs: &'static str,
}

const fn coming(email: &'static str) -> DemoRsvp {
    DemoRsvp {
        email,
        answer: Answer::Yes,
        attendance: Attendance::InPerson,
        project_highlight: "",
        wished_development: "",
        listed: false,
        lunch: false,
        dietary_needs: "",
    }
}

/// The answers to the spring plenary at Alfortville, which asked who took
/// the lunch.
pub const SPRING_2017_RSVPS: &[DemoRsvp] = &[
    DemoRsvp {
        lunch: true,
        dietary_needs: "Végétarien",
        ..coming("chef.projet@vincennes.example")
    },
    DemoRsvp {
        lunch: true,
        ..coming("chef.projet@nanterre.example")
    },
    coming("chef.projet@nancy.example"),
];

/// The answers to the coming December session, in the order given: the
/// tour de table of the report, said again by the bodies that said it.
pub const DECEMBER_RSVPS: &[DemoRsvp] = &[
    DemoRsvp {
        project_highlight: "La méthodologie itérative, avec la mise en œuvre systématique d'une démarche de co-construction.",
        wished_development: "Des fonctions puissantes de visualisation statistique et de production de rapports personnalisables pour les élus.",
        listed: true,
        ..coming("chef.projet@nancy.example")
    },
    DemoRsvp {
        project_highlight: "En plus des démarches, le portail GRU comprendra des informations personnalisées.",
        wished_development: "Des champs conditionnels dans la même page.",
        listed: true,
        ..coming("chef.projet@strasbourg.example")
    },
    DemoRsvp {
        project_highlight: "Lancement prochain d'une progressive web app.",
        wished_development: "Pour le module de prise de rendez-vous, une interface avec Outlook et la prise de rendez-vous en back-office ; plus de documentation technique, afin de pouvoir développer des connecteurs en autonomie.",
        ..coming("chef.projet@grand-lyon.example")
    },
    DemoRsvp {
        project_highlight: "Un dispositif de signature en ligne est en place pour les contrats d'accueil en crèche.",
        wished_development: "Une amélioration de l'ergonomie multicanal.",
        listed: true,
        ..coming("chef.projet@vincennes.example")
    },
    DemoRsvp {
        project_highlight: "La mise en place d'un référentiel usager en parallèle de Publik, avec un moteur de recherche des usagers intégré.",
        wished_development: "Une gestion plus fine des droits d'administration, à l'échelle de la démarche (formulaire et workflow) ou de la source de données.",
        listed: true,
        ..coming("chef.projet@nanterre.example")
    },
    DemoRsvp {
        wished_development: "La simplification de processus internes, notamment dans le domaine de l'enfance (inscription tout-en-un : scolaire, périscolaire, cantine…).",
        ..coming("enfance@arles.example")
    },
    DemoRsvp {
        answer: Answer::Maybe,
        project_highlight: "Une expérimentation en cours, en vue d'un éventuel déploiement sur les 36 communes du territoire.",
        wished_development: "L'automatisation de la création d'une instance et la mise en place facile d'une charte graphique personnalisée.",
        ..coming("chef.projet@sicoval.example")
    },
];

/// The answers to the participatory-democracy session about to start: one
/// body follows it remotely.
pub const LIVE_SESSION_RSVPS: &[DemoRsvp] = &[DemoRsvp {
    attendance: Attendance::Remote,
    wished_development: "Un module de budget participatif : dépôt des projets, vote en ligne.",
    ..coming("chef.projet@nanterre.example")
}];

/// The answers to the connector group's session in the vendor's Paris
/// office, whose room holds three: three seats taken in order, the fourth
/// in-person "yes" waits (the next one is second in line), and one follows
/// remotely.
pub const CONNECTOR_SESSION_RSVPS: &[DemoRsvp] = &[
    DemoRsvp {
        wished_development: "Un connecteur vers le logiciel de gestion électronique de courrier Maarch.",
        listed: true,
        ..coming("chef.projet@nancy.example")
    },
    DemoRsvp {
        wished_development: "Plus de documentation technique, afin de pouvoir développer des connecteurs en autonomie.",
        listed: true,
        ..coming("chef.projet@grand-lyon.example")
    },
    coming("chef.projet@montpellier.example"),
    coming("chef.projet@strasbourg.example"),
    DemoRsvp {
        attendance: Attendance::Remote,
        ..coming("chef.projet@vincennes.example")
    },
];
