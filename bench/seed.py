"""The benchmark club, written as SQL for `sqlite3` or `psql`.

`club(size, now)` draws a club with `size` meetings (deterministic: the same
size gives the same club, but for the tokens, which are fresh each run) and
`club.sql(backend)` writes it as multi-row INSERTs in one transaction. Only
the tables of today's migrations are written, with every CHECK and foreign
key satisfied; columns added later with defaults are left to their defaults.

Shape, for N meetings:
- 10,000 people in 60 member bodies, 5 working groups, each person following
  0 to 2 groups; plus `admin@bench.example` (admin, coordinator of every
  group), `p200@bench.example` and `p21@bench.example` (no body, no group);
- a window of W = min(N, 250) meetings: a few in the last 30 days, the rest
  in the next 12 months, mostly working-group sessions, some December
  sessions and spring plenaries hosted by a body; N - W history meetings over
  the past 20 years, all ended more than 200 days ago (feeds keep 180 days);
- about 10 answers per meeting from random people (yes, maybe, no);
- p200 answers yes to min(200, W) window meetings, p21 to 21 of them;
- one more meeting, `contention`: in person, 50 seats, in 60 days, answered
  by nobody; 1,000 of the 10,000 people have a personal API token for it.
"""

import datetime as dt
import hashlib
import random
import secrets
import uuid

PEOPLE = 10_000
BODIES = 60
WINDOW_MAX = 250
P200_ANSWERS = 200
P21_ANSWERS = 21
ANSWERS_PER_MEETING = 10
CONTENTION_PEOPLE = 1_000
CONTENTION_CAPACITY = 50
ROWS_PER_INSERT = 500

FIRST_NAMES = """Camille Claire Julien Sophie Thomas Nathalie Nicolas Isabelle
Pierre Sandrine Laurent Céline Mathieu Aurélie Olivier Émilie François Hélène
Antoine Valérie Sébastien Delphine Guillaume Agnès Benoît Marion Cédric Élodie
Jérôme Anne Frédéric Lucie Damien Pauline Vincent Chloé Xavier Manon Yann
Léa""".split()
LAST_NAMES = """Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy
Moreau Simon Laurent Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier
Morel Girard André Lefebvre Mercier Dupont Lambert Bonnet François Martinez
Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin
Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin""".split()

# (kind, name prefix, places): 60 bodies of the kinds the schema allows
BODY_KINDS = [
    ("commune", "Ville de", """Nancy Arles Montpellier Nanterre Rennes Brest
     Grenoble Angers Tours Dijon Metz Nîmes Limoges Poitiers Pau Annecy Lorient
     Quimper Valence Chambéry Colmar Niort Vannes Bayonne""".split()),
    ("metropole", "Métropole de", """Lyon Lille Bordeaux Nantes Strasbourg
     Toulouse Rouen Nice""".split()),
    ("intercommunalite", "Communauté d'agglomération de", """Saint-Brieuc Cholet
     Lannion Béziers Saintes Laval Agen Alès""".split()),
    ("departement", "Département de", """Gironde Isère Loire-Atlantique Gard
     Finistère Meurthe-et-Moselle Hérault Savoie Vienne Landes""".split()),
    ("region", "Région", """Bretagne Occitanie""".split()),
    ("syndicat", "Syndicat mixte", """Mégalis Manche-Numérique Sictiam""".split()),
    ("company", "Société", """Entr'ouvert Numérilog""".split()),
    ("other", "Association", """Déclic Adullact Open-Data-France""".split()),
]

GROUPS = [
    ("connecteurs", "Connecteurs", "Les connecteurs vers les logiciels métiers"),
    ("etat-civil", "État civil", "Demandes d'actes, mariages, recensement"),
    ("urbanisme", "Urbanisme", "Autorisations d'urbanisme et déclarations préalables"),
    ("accessibilite", "Accessibilité", "RGAA, parcours usagers, audits"),
    ("donnees", "Données ouvertes", "Publication et réutilisation des données"),
]

SESSION_TOPICS = [
    "point d'étape et feuille de route",
    "retours d'expérience des collectivités",
    "priorisation des développements mutualisés",
    "démonstration des nouveautés",
    "atelier de co-conception",
    "revue des demandes d'évolution",
    "bilan du trimestre",
]

AGENDA = (
    "1. Accueil et tour de table des collectivités présentes.\n"
    "2. Point sur les développements en cours et le calendrier des livraisons.\n"
    "3. Retours d'expérience : déploiement, formation des agents, "
    "accompagnement des usagers.\n"
    "4. Priorisation des demandes d'évolution et répartition du financement "
    "mutualisé entre les membres.\n"
    "5. Questions diverses et date de la prochaine séance."
)

VENUES = [
    ("Hôtel de ville", "Place Stanislas", "Nancy", 48.6937, 6.1834),
    ("Palais des congrès", "2 rue de la Foire", "Montpellier", 43.6108, 3.8767),
    ("Hôtel de la métropole", "20 rue du Lac", "Lyon", 45.7640, 4.8357),
    ("Parc des expositions", "Porte de Versailles", "Paris", 48.8323, 2.2876),
    ("Maison de la région", "283 avenue du Général Patton", "Rennes", 48.1173, -1.6778),
]


def slugify(text):
    """`Ville de Nîmes` -> `ville-de-nimes`."""
    plain = text.lower()
    for accented, letter in (("é", "e"), ("è", "e"), ("ê", "e"), ("î", "i"),
                             ("ô", "o"), ("ç", "c"), ("'", "-"), ("’", "-")):
        plain = plain.replace(accented, letter)
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def new_token():
    """A personal access token like quorum's (URL-safe, 256 bits)."""
    return secrets.token_urlsafe(32)


def hash_token(token):
    """What quorum stores of a token: hex SHA-256 (domain::secrets::hash_token)."""
    return hashlib.sha256(token.encode()).hexdigest()


def stamp(at):
    """An instant as quorum stores it: UTC, no zone, to the second."""
    return at.strftime("%Y-%m-%d %H:%M:%S")


class Club:
    """Rows per table, and the facts the benchmark needs about them."""

    def __init__(self):
        self.tables = {}  # table -> (columns, [rows])
        self.bodies = []  # slugs
        self.host_body = None  # slug of a body that hosts and attends
        self.groups = []  # slugs
        self.window_ids = []  # ids of window meetings, coming first
        self.meeting_page_id = None
        self.contention_id = None
        self.tokens = {}  # email -> API token (admin, p200, p21)
        self.contention_tokens = []  # 1,000 tokens
        self.counts = {}

    def add(self, table, columns, row):
        cols, rows = self.tables.setdefault(table, (columns, []))
        assert cols == columns, table
        rows.append(row)

    def sql(self, backend):
        """One transaction of multi-row INSERTs, in foreign-key order."""
        out = []
        if backend == "sqlite":
            out.append("PRAGMA foreign_keys = ON;")
        else:
            out.append("SET client_encoding = 'UTF8';")
        out.append("BEGIN;")
        for table, (columns, rows) in self.tables.items():
            head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES\n"
            for start in range(0, len(rows), ROWS_PER_INSERT):
                chunk = rows[start:start + ROWS_PER_INSERT]
                values = ",\n".join("(" + ", ".join(literal(v) for v in row) + ")"
                                    for row in chunk)
                out.append(head + values + ";")
        out.append("COMMIT;")
        # the statistics autovacuum would gather on a live database: without
        # them PostgreSQL plans a freshly loaded club with sequential scans
        out.append("ANALYZE;")
        return "\n".join(out) + "\n"


def literal(value):
    """A value as an SQL literal both SQLite and PostgreSQL read."""
    if value is None:
        return "NULL"
    if value is True:
        return "TRUE"
    if value is False:
        return "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.datetime):
        return f"'{stamp(value)}'"
    return "'" + str(value).replace("'", "''") + "'"


def club(size, now=None):
    """The club with `size` meetings (plus `contention`), drawn at `now`."""
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(
        tzinfo=None, minute=0, second=0, microsecond=0)
    rng = random.Random(size)
    c = Club()
    created = now - dt.timedelta(days=365 * 21)
    people = add_bodies_and_people(c, rng, created)
    add_groups(c, rng, people, created)
    meetings = add_meetings(c, rng, size, now, created)
    add_answers(c, rng, meetings, people, now)
    add_contention(c, rng, people, now)
    c.counts = {table: len(rows) for table, (_, rows) in c.tables.items()}
    return c


PERSON_COLUMNS = ("id", "email", "email_key", "name", "organization_id", "language",
                  "is_admin", "created_at", "updated_at")


def add_bodies_and_people(c, rng, created):
    """60 bodies, 10,000 people spread over them, and the three bench people."""
    body_ids = []
    for kind, prefix, places in BODY_KINDS:
        for place in places:
            name = f"{prefix} {place.replace('-', ' ')}"
            slug = slugify(name)
            status = rng.choices(["member", "observer", "partner"], [85, 10, 5])[0]
            if kind in ("company", "other"):
                status = "partner"
            body_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            c.add("organizations",
                  ("id", "slug", "name", "kind", "club_status", "territory", "website",
                   "project_highlight", "created_at", "updated_at"),
                  (body_id, slug, name, kind, status, place.replace("-", " "),
                   f"https://www.{slug}.example", "Démarches en ligne pour les usagers.",
                   created, created))
            c.bodies.append(slug)
            body_ids.append(body_id)
    assert len(body_ids) == BODIES, len(body_ids)
    c.host_body = c.bodies[0]
    c.host_body_id = body_ids[0]
    c.host_ids = body_ids[:8]  # the bodies that host sessions and plenaries

    people = []
    c.emails = []  # the people's addresses, for the sign-in timing
    for n in range(PEOPLE):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        body = n % BODIES
        email = f"{slugify(first)}.{slugify(last)}.{n}@{c.bodies[body]}.example"
        person_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        c.add("people", PERSON_COLUMNS,
              (person_id, email, email.lower(), f"{first} {last}", body_ids[body],
               "fr" if n % 10 else "en", False, created, created))
        people.append(person_id)
        c.emails.append(email)
    c.bench_people = {}
    for email, name, admin in (("admin@bench.example", "Admin Bench", True),
                               ("p200@bench.example", "Personne Deux-Cents", False),
                               ("p21@bench.example", "Personne Vingt-et-Un", False)):
        person_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        c.add("people", PERSON_COLUMNS,
              (person_id, email, email, name, None, "fr", admin, created, created))
        c.bench_people[email] = person_id
        token = new_token()
        c.tokens[email] = token
        add_api_token(c, rng, person_id, token, created)
    return people


def add_api_token(c, rng, person_id, token, created):
    c.add("api_tokens", ("id", "person_id", "name", "token_hash", "created_at"),
          (str(uuid.UUID(int=rng.getrandbits(128), version=4)), person_id, "bench",
           hash_token(token), created))


def add_groups(c, rng, people, created):
    """5 groups, the admin coordinating each; each person follows 0 to 2."""
    c.group_ids = []
    for slug, name, topic in GROUPS:
        group_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        c.add("working_groups",
              ("id", "slug", "name", "topic", "description", "created_at", "updated_at"),
              (group_id, slug, name, topic, f"Groupe de travail « {name} » du club.",
               created, created))
        c.add("working_group_coordinators", ("person_id", "working_group_id", "created_at"),
              (c.bench_people["admin@bench.example"], group_id, created))
        c.groups.append(slug)
        c.group_ids.append(group_id)
    for person_id in people:
        for group_id in rng.sample(c.group_ids, rng.choice([0, 1, 1, 2])):
            c.add("working_group_followers", ("person_id", "working_group_id", "created_at"),
                  (person_id, group_id, created))


MEETING_COLUMNS = ("id", "kind", "format", "status", "title", "agenda", "starts_at",
                   "ends_at", "time_zone", "venue_name", "venue_address", "venue_city",
                   "venue_latitude", "venue_longitude", "host_organization_id",
                   "working_group_id", "capacity", "sequence", "created_at", "updated_at")


def add_meetings(c, rng, size, now, created):
    """The window (recent and coming) and the history; returns [(id, starts_at)]."""
    window = min(size, WINDOW_MAX)
    recent = max(1, window // 12)
    starts = []
    for _ in range(recent):  # in the last 30 days, ended
        starts.append(now - dt.timedelta(days=rng.randint(2, 29)))
    for _ in range(window - recent):  # in the next 12 months
        starts.append(now + dt.timedelta(days=rng.randint(1, 364)))
    coming = sorted(s for s in starts if s > now)
    past = sorted(s for s in starts if s <= now)
    history_end = now - dt.timedelta(days=205)
    history_span = 20 * 365 * 86400
    history = [history_end - dt.timedelta(seconds=rng.randrange(history_span))
               for _ in range(size - window)]
    meetings = []
    for n, start in enumerate(coming + past + history):
        meeting_id, fmt = add_meeting(c, rng, n, start)
        meetings.append((meeting_id, start, fmt))
        if n < window:
            c.window_ids.append(meeting_id)
    c.meeting_page_id = c.window_ids[0]
    return meetings


def add_meeting(c, rng, n, start):
    """One meeting: mostly a group session, else a December session or a plenary."""
    meeting_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    kind = rng.choices(["working_group_session", "december_session", "spring_plenary"],
                       [85, 10, 5])[0]
    # local hours in Europe/Paris, stored in UTC (one hour off in summer: fine)
    day = start.replace(hour=8 if kind == "working_group_session" else 13)
    group_id = host_id = venue = capacity = None
    if kind == "working_group_session":
        group = n % len(GROUPS)
        group_id = c.group_ids[group]
        fmt = rng.choice(["remote", "remote", "hybrid"])
        title = f"{GROUPS[group][1]} : {rng.choice(SESSION_TOPICS)}"
        hours = 2
        if fmt == "hybrid":
            venue = rng.choice(VENUES)
    elif kind == "december_session":
        host_id = next_host(c)
        fmt, hours, capacity = "in_person", 3, 300
        title = f"Session de décembre {day.year} du club"
        venue = VENUES[3]
    else:
        host_id = next_host(c)
        fmt, hours, capacity = "in_person", 7, 120
        title = f"Plénière de printemps {day.year}"
        venue = rng.choice(VENUES)
    status = "cancelled" if rng.random() < 0.04 else "scheduled"
    name, address, city, lat, lon = venue or (None,) * 5
    c.add("meetings", MEETING_COLUMNS,
          (meeting_id, kind, fmt, status, title, AGENDA, day, day + dt.timedelta(hours=hours),
           "Europe/Paris", name, address, city, lat, lon, host_id, group_id, capacity,
           0, day - dt.timedelta(days=60), day - dt.timedelta(days=60)))
    return meeting_id, fmt


def next_host(c):
    """The hosting bodies in turn, the benchmarked one (`host_body`) first."""
    c.hosted = getattr(c, "hosted", -1) + 1
    return c.host_ids[c.hosted % len(c.host_ids)]


RSVP_COLUMNS = ("id", "meeting_id", "person_id", "answer", "attendance", "state",
                "listed", "created_at", "updated_at")
STATE_OF = {"yes": "confirmed", "maybe": "tentative", "no": "declined"}


def add_answer(c, rng, meeting_id, fmt, person_id, answer, at):
    attendance = "remote" if fmt == "remote" else "in_person"
    c.add("rsvps", RSVP_COLUMNS,
          (str(uuid.UUID(int=rng.getrandbits(128), version=4)), meeting_id, person_id,
           answer, attendance, STATE_OF[answer], rng.random() < 0.5, at, at))


def add_answers(c, rng, meetings, people, now):
    """About 10 answers per meeting; p200 and p21's yes to window meetings."""
    for meeting_id, start, fmt in meetings:
        at = min(start, now) - dt.timedelta(days=7)
        for person_id in rng.sample(people, ANSWERS_PER_MEETING):
            answer = rng.choices(["yes", "maybe", "no"], [70, 15, 15])[0]
            add_answer(c, rng, meeting_id, fmt, person_id, answer, at)
    formats = {meeting_id: fmt for meeting_id, _, fmt in meetings}
    for email, count in (("p200@bench.example", P200_ANSWERS),
                         ("p21@bench.example", P21_ANSWERS)):
        for meeting_id in c.window_ids[:count]:
            add_answer(c, rng, meeting_id, formats[meeting_id], c.bench_people[email], "yes",
                       now - dt.timedelta(days=1))


def add_contention(c, rng, people, now):
    """The 50-seat meeting and the 1,000 tokens that will all answer yes to it."""
    start = (now + dt.timedelta(days=60)).replace(hour=9)
    c.contention_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    name, address, city, lat, lon = VENUES[0]
    c.add("meetings", MEETING_COLUMNS,
          (c.contention_id, "december_session", "in_person", "scheduled",
           "Atelier à places limitées (contention)", AGENDA, start,
           start + dt.timedelta(hours=3), "Europe/Paris", name, address, city, lat, lon,
           c.host_body_id, None, CONTENTION_CAPACITY, 0, now, now))
    for person_id in people[-CONTENTION_PEOPLE:]:
        token = new_token()
        c.contention_tokens.append(token)
        add_api_token(c, rng, person_id, token, now)


if __name__ == "__main__":
    import sys
    backend = sys.argv[2] if len(sys.argv) > 2 else "sqlite"
    sys.stdout.write(club(int(sys.argv[1]) if len(sys.argv) > 1 else 100).sql(backend))
