"""Fictional demo data so every page has something real on it. Idempotent: a second run adds nothing.

Two parts. The demo teams' people are made one by one through the services, few enough for an
adviser's home page and caseload. The evaluation cohort, EVALUATION_PEOPLE people in a team of
its own that no demo user belongs to (synthetic staff only), is bulk-loaded by the volume
generator (triage.devtools.volume: scored through the real scoring core, with follow-ups, work
starts and LTU labels) so that the evaluator's pages have real figures; the adviser's pages
never show it.
"""

import csv
import io
import random
import secrets
import uuid
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from triage import selectors, services
from triage.access import Role
from triage.lib import identifiers, outcomes
from triage.models import (
    Assessment,
    CouncilArea,
    Event,
    InterventionStatus,
    InterventionType,
    JobType,
    OutcomeSource,
    Partner,
    PartnerOrganisation,
    PartnerUpload,
    Person,
    PersonChange,
    RedundancySituation,
    ScorecardActivation,
    Sex,
    Team,
    User,
    WorkStart,
)
from triage.scorecard_files import available_scorecards, live_scorecard
from triage.scoring import PREFER_NOT_TO_SAY, QUESTIONS
from triage.services import partners as services_partners
from triage.services.caseload import caseload_summary_refresh

TEAMS = [
    ("PACE Glasgow and Clyde", "Glasgow City Region"),
    ("PACE Tay and Fife", "Tay"),
]
USERS = [
    # username, first, last, role, team index
    ("adviser", "Ailsa", "MacLeod", Role.ADVISER, 0),
    ("adviser2", "Callum", "Fraser", Role.ADVISER, 0),
    ("teamlead", "Morven", "Sinclair", Role.TEAM_LEAD, 0),
    ("adviser_tay", "Rohan", "Mehta", Role.ADVISER, 1),
    ("teamlead_tay", "Eilidh", "Grant", Role.TEAM_LEAD, 1),
    ("evaluator", "Priya", "Nair", Role.EVALUATOR, None),
    ("admin", "Service", "Owner", Role.ADMIN, None),
    ("partner_dwp", "Gordon", "Reid", Role.PARTNER, None),
    ("partner_cas", "Shona", "Murray", Role.PARTNER, None),
]
# Partner users' organisations: username -> the reference partner's abbreviation.
PARTNER_USERS = {"partner_dwp": "DWP", "partner_cas": "CAS"}
SITUATIONS = [
    # team, employer (fictional), sector, council area, days before today, affected
    (0, "Clydeside Fabrication Ltd (fictional)", "manufacturing", "Glasgow City", 40, 180),
    (0, "Northbank Contact Centre (fictional)", "finance", "North Lanarkshire", 20, 95),
    (0, "Inverclyde Garden Centres (fictional)", "retail", "Inverclyde", 75, 32),
    (1, "Tayside Jute Works (fictional)", "manufacturing", "Dundee City", 30, 140),
    (1, "Fife Coast Hotels (fictional)", "hospitality", "Fife", 55, 60),
    # Old enough for follow-ups: the 3, 6 and 12-month ones for the first, the 3 and 6 for the second.
    (0, "Port Glasgow Ship Repairs (fictional)", "manufacturing", "Inverclyde", 400, 70),
    (1, "Kirkcaldy Floorcloth Mill (fictional)", "manufacturing", "Fife", 220, 50),
]
# What the demo's follow-ups find, in rough proportion.
FOLLOW_UP_STATUSES = [
    outcomes.EMPLOYED,
    outcomes.EMPLOYED,
    outcomes.EMPLOYED,
    outcomes.SELF_EMPLOYED,
    outcomes.EDUCATION,
    outcomes.UNEMPLOYED,
    outcomes.UNEMPLOYED,
    outcomes.NOT_LOOKING,
    outcomes.UNKNOWN,
]
GIVEN = [
    "Alex",
    "Jamie",
    "Morag",
    "Iain",
    "Fiona",
    "Kenny",
    "Shona",
    "Graeme",
    "Isla",
    "Ross",
    "Catriona",
    "Euan",
    "Kirsty",
    "Duncan",
    "Mairi",
    "Stuart",
    "Aileen",
    "Hamish",
    "Lorna",
    "Craig",
    "Agnieszka",
    "Tariq",
    "Mei",
    "Femi",
]
FAMILY = [
    "Campbell",
    "Stewart",
    "MacDonald",
    "Robertson",
    "Thomson",
    "Anderson",
    "Reid",
    "Murray",
    "Ross",
    "Paterson",
    "Kowalski",
    "Hussain",
    "Chen",
    "Adeyemi",
    "Gillespie",
    "Kerr",
    "Baird",
    "Munro",
    "Wallace",
    "Docherty",
]

# Changes made to demo records after registration, with the reasons an adviser would give.
PHONE_CORRECTED = "The number noted at the event was a digit out; corrected when they phoned in (fictional)."
MOVED_HOUSE = "Moved in with family in the next council area (fictional)."
WORK_SECTORS = [code for code, _ in RedundancySituation.Sector.choices]
NOT_ASSESSED_SHARE = 0.15
FOUND_WORK_SHARE = 0.12
EVALUATION_TEAM = "PACE Evaluation cohort (fictional)"
EVALUATION_REGION = "Scotland"  # no council area's region: the cohort's redundancies are all over Scotland
EVALUATION_PEOPLE = 4_000
# Redundancies notified 4 to 25 months ago: most people's 12-month follow-up is due, some still to come.
EVALUATION_NOTIFIED_DAYS = (120, 760)

DEMO_LOGINS_FILE = "demo-logins.txt"
DEMO_SCORECARD = "logistic-1.1"


def demo_password() -> str:
    """One generated password for all demo users, kept in the git-ignored data folder."""
    path = settings.DATA_DIR / DEMO_LOGINS_FILE
    if path.exists():
        return path.read_text().strip()
    password = "pace-" + secrets.token_urlsafe(9)
    path.parent.mkdir(exist_ok=True)
    path.write_text(password)
    return password


def _answers(rng: random.Random) -> dict[str, str]:
    answers = {}
    for question in QUESTIONS:
        for item in question.items:
            if item.kind != "choice":
                continue
            codes = [a.code for a in item.answers if a.code != PREFER_NOT_TO_SAY]
            # Most people give the lower-risk answers; a few decline.
            weights = [4 if i == 0 else max(1, 3 - i) for i in range(len(codes))]
            answers[item.code] = (
                PREFER_NOT_TO_SAY if item.declinable and rng.random() < 0.04 else rng.choices(codes, weights)[0]
            )
    return answers


@transaction.atomic
def load_demo_data(
    *, today: date, people_per_situation: int = 9, seed: int = 2026, evaluation_people: int = EVALUATION_PEOPLE
) -> tuple[list, str]:
    """Create teams, users for every role, situations, events and people with their records, and
    the evaluation cohort of `evaluation_people` (each part once)."""
    users, password = _demo_teams(today=today, people_per_situation=people_per_situation, seed=seed)
    evaluation_cohort(today=today, people=evaluation_people, seed=seed)
    partner_uploads(today=today)
    return users, password


# Each demo partner's file: some of a demo team's people (by name, date of birth and postcode: demo
# NI numbers are fictional by an invalid prefix, so a partner's file could not carry them) and a
# few people PACE has not met.
PARTNER_UPLOAD_TEAMS = {"partner_dwp": TEAMS[0][0], "partner_cas": TEAMS[1][0]}
PARTNER_UPLOAD_PEOPLE = 6
PARTNER_STRANGERS = (("Fiona", "Baird", date(1979, 5, 2), "PA1 1XX"), ("Ewan", "Lindsay", date(1988, 11, 19), ""))


def partner_uploads(*, today: date) -> int:
    """One upload of identifiers for each demo partner user, once; how many uploads were made."""
    if PartnerUpload.objects.exists() or not settings.PSEUDONYM_KEY:
        return 0
    made = 0
    for username, team_name in PARTNER_UPLOAD_TEAMS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        people = Person.objects.filter(team__name=team_name).order_by("pk")[:PARTNER_UPLOAD_PEOPLE]
        rows = [(p.given_name, p.family_name, p.date_of_birth, p.postcode) for p in people]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(identifiers.COLUMNS)
        for number, (given, family, born, postcode) in enumerate([*rows, *PARTNER_STRANGERS], start=1):
            writer.writerow([f"{username.upper()}-{number:05d}", "", given, family, f"{born:%Y-%m-%d}", postcode])
        result = services_partners.partner_upload(acting_user=user, content=out.getvalue().encode(), today=today)
        made += result.upload is not None
    return made


def evaluation_cohort(*, today: date, people: int, seed: int) -> int:
    """The evaluation cohort's people, bulk-loaded once into its own team; how many were added."""
    team, _ = Team.objects.get_or_create(name=EVALUATION_TEAM, defaults={"region": EVALUATION_REGION})
    if people <= 0 or Person.objects.filter(team=team).exists():
        return 0
    from triage.devtools.volume import seed_volume  # loads NumPy and pandas: only when needed

    result = seed_volume(
        people=people,
        team_names=[team.name],
        seed=seed,
        today=today,
        progress=False,
        notified_days=EVALUATION_NOTIFIED_DAYS,
    )
    return result.people


def _organisation(abbreviation: str) -> PartnerOrganisation:
    return PartnerOrganisation.objects.get_or_create(partner=Partner.objects.get(abbreviation=abbreviation))[0]


def _demo_teams(*, today: date, people_per_situation: int, seed: int) -> tuple[list, str]:
    password = demo_password()
    rng = random.Random(seed)
    teams = [Team.objects.get_or_create(name=name, defaults={"region": region})[0] for name, region in TEAMS]
    users = {}
    for username, first, last, role, team_index in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@pace-triage.example",
                "team": teams[team_index] if team_index is not None else None,
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
                "organisation": _organisation(PARTNER_USERS[username]) if username in PARTNER_USERS else None,
            },
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        users[username] = user
    if Person.objects.filter(team__in=teams).exists():
        return USERS, password

    if not ScorecardActivation.objects.exists() and DEMO_SCORECARD in available_scorecards():
        services.scorecard_activate(
            label=DEMO_SCORECARD, acting_user=users["admin"], note="demo: the trained logistic scorecard"
        )
    card = live_scorecard()
    advisers = {0: [users["adviser"], users["adviser2"]], 1: [users["adviser_tay"]]}
    team_leads = {0: users["teamlead"], 1: users["teamlead_tay"]}
    types = list(InterventionType.objects.prefetch_related("partners"))
    for team_index, employer, sector, area_name, days_ago, affected in SITUATIONS:
        area = CouncilArea.objects.get(name=area_name)
        situation = RedundancySituation.objects.create(
            team=teams[team_index],
            employer=employer,
            sector=sector,
            council_area=area,
            notified_date=today - timedelta(days=days_ago),
            number_affected=affected,
        )
        event = Event.objects.create(
            situation=situation,
            kind=Event.Kind.ON_SITE,
            held_on=today - timedelta(days=days_ago - 7),
            location=f"{employer.split(' (')[0]}, staff canteen",
        )
        if days_ago == min(d for t, *_, d, _a in SITUATIONS if t == team_index):
            # Each team's newest redundancy has a drop-in today, for an adviser to try event mode on.
            Event.objects.create(
                situation=situation, kind=Event.Kind.DROP_IN, held_on=today, location="Jobcentre, follow-up drop-in"
            )
        neighbours = list(CouncilArea.objects.filter(region=area.region))
        for _ in range(people_per_situation):
            adviser = rng.choice(advisers[team_index])
            age = rng.choice([19, 23, 28, 33, 38, 42, 47, 51, 54, 58, 61, 63])
            assessed = rng.random() >= NOT_ASSESSED_SHARE
            # Seen at the event, not today: so days-since and the queues have something to show.
            seen_at = timezone.make_aware(datetime.combine(event.held_on, time(10))) + timedelta(
                minutes=rng.randint(0, 360)
            )
            if assessed:
                registered_at, registered_event = seen_at - timedelta(minutes=rng.randint(5, 20)), event
            else:
                # Registered on some day since the event (a follow-up call, a drop-in) and still
                # waiting for a checklist: the never-assessed queue shows days to weeks of waiting.
                days_back = rng.randint(1, max(1, min(35, (today - event.held_on).days)))
                registered_on = today - timedelta(days=days_back)
                registered_event = event if registered_on == event.held_on else None
                registered_at = timezone.make_aware(datetime.combine(registered_on, time(9))) + timedelta(
                    minutes=rng.randint(0, 480)
                )
            person = services.person_register(
                acting_user=adviser,
                team=teams[team_index],
                check_duplicates=False,  # names drawn at random: namesakes are expected
                given_name=rng.choice(GIVEN),
                family_name=rng.choice(FAMILY),
                date_of_birth=today - timedelta(days=age * 365 + rng.randint(0, 360)),
                council_area=rng.choice(neighbours),
                postcode="",
                email="",
                # Ofcom's numbers for drama: never a real phone.
                phone=f"07700 900{rng.randint(0, 999):03d}" if rng.random() < 0.6 else "",
                ni_number="",
                sex=rng.choice([Sex.MALE, Sex.MALE, Sex.FEMALE, Sex.FEMALE, ""]),
                situation=situation,
                event=registered_event,
                consent_given=True,
            )
            Person.objects.filter(pk=person.pk).update(created_at=registered_at)
            _record_changes(person, rng, today=today, adviser=adviser, team_lead=team_leads[team_index])
            if not assessed:
                continue  # registered, not yet assessed
            assessment = services.assessment_create(
                person=person,
                answers=_answers(rng),
                dependants_count=None,
                event=event,
                submission_token=uuid.uuid4(),
                acting_user=adviser,
                card=card,
                today=today,
            )
            Assessment.objects.filter(pk=assessment.pk).update(created_at=seen_at)
            caseload_summary_refresh(person=person)
            assessment.refresh_from_db()
            if assessment.model_band and rng.random() < 0.25:
                to_band = "high" if assessment.model_band != "high" else "medium"
                override = services.override_add(
                    assessment=assessment,
                    to_band=to_band,
                    reason_category="adviser_knowledge",
                    reason_text="Told me about circumstances the checklist does not ask about (fictional demo note).",
                    acting_user=adviser,
                )
                # Some reviewed by the team lead: agreed, or queried and waiting on the adviser.
                decision = rng.choice(["pending", "agreed", "queried"])
                if decision != "pending":
                    services.override_review(
                        override=override,
                        kind=decision,
                        comment="" if decision == "agreed" else "Can you say more about these circumstances?",
                        acting_user=team_leads[team_index],
                    )
            for _ in range(rng.choice([0, 1, 1, 2])):
                kind = rng.choice(types)
                partners = list(kind.partners.all())
                agreed = max(event.held_on, today - timedelta(days=rng.randint(0, 10)))
                intervention = services.intervention_add(
                    person=person,
                    intervention_type=kind,
                    partner=rng.choice(partners),
                    status=InterventionStatus.REFERRED,
                    agreed_on=agreed,
                    status_date=agreed,
                    notes="",
                    acting_user=adviser,
                )
                if rng.random() < 0.4:
                    services.intervention_update_status(
                        intervention=intervention,
                        status=InterventionStatus.STARTED,
                        status_date=min(today, agreed + timedelta(days=3)),
                        note="",
                        acting_user=adviser,
                    )
            if not _follow_ups(person, adviser, rng=rng, today=today) and rng.random() < FOUND_WORK_SHARE:
                _found_work(person, rng, today=today, after=event.held_on, adviser=adviser)
    return USERS, password


def _record_changes(person: Person, rng: random.Random, *, today: date, adviser: User, team_lead: User) -> None:
    """Some records corrected since registration, through the edit and reassign services, so the
    person's history has entries: a phone number corrected, a move to another area, a new adviser."""
    registered = Person.objects.get(pk=person.pk)
    if registered.phone and rng.random() < 0.15:
        corrected = (int(registered.phone[-3:]) + rng.randint(1, 9)) % 1000
        services.person_update(
            person=registered,
            acting_user=adviser,
            seen_version=str(registered.version),
            reason=PHONE_CORRECTED,
            phone=f"07700 900{corrected:03d}",
        )
        registered.refresh_from_db()
    if rng.random() < 0.06:
        area = rng.choice(list(CouncilArea.objects.exclude(pk=registered.council_area_id).order_by("name")[:12]))
        services.person_update(
            person=registered,
            acting_user=adviser,
            seen_version=str(registered.version),
            reason=MOVED_HOUSE,
            council_area=area,
        )
    if rng.random() < 0.1:
        others = [
            user for user in selectors.named_advisers(team=registered.team_id) if user.pk != registered.adviser_id
        ]
        if others:
            services.person_reassign(person=registered, adviser=rng.choice(others), acting_user=team_lead)
    # Each change on a day between registration and today, in the order made.
    start = registered.created_at
    span = max(1, int((timezone.now() - start).total_seconds() // 60) - 1)
    changes = list(PersonChange.objects.filter(person=registered).order_by("pk"))
    offsets = sorted(rng.randint(1, span) for _ in changes)
    for change, minutes in zip(changes, offsets, strict=True):
        PersonChange.objects.filter(pk=change.pk).update(created_at=start + timedelta(minutes=minutes))


def _found_work(person: Person, rng: random.Random, *, today: date, after: date, adviser: User) -> None:
    """Work found some days after the event, recorded through the service a few days after it started."""
    started_on = min(today, after + timedelta(days=rng.randint(5, 40)))
    work_start = services.person_found_work(
        person=person,
        started_on=started_on,
        sector=rng.choice(WORK_SECTORS),
        job_type=rng.choice([c for c, _ in JobType.choices]),
        source=rng.choice([c for c, _ in OutcomeSource.choices]),
        acting_user=adviser,
        today=today,
    )
    recorded = timezone.make_aware(
        datetime.combine(min(today, started_on + timedelta(days=rng.randint(0, 7))), time(14))
    )
    WorkStart.objects.filter(pk=work_start.pk).update(created_at=min(recorded, timezone.now()))


def _follow_ups(person: Person, adviser: User, *, rng: random.Random, today: date) -> int:
    """Most of the follow-ups whose point has passed, a few days after it; some left for the queue.
    Returns how many were recorded."""
    recorded = 0
    leaving = person.situation.notified_date
    started = None
    for months in outcomes.POINTS:
        contacted = outcomes.point_date(leaving, months) + timedelta(days=rng.randint(0, 6))
        if contacted > today or rng.random() < 0.2:
            continue
        status = rng.choice(FOLLOW_UP_STATUSES)
        if status in outcomes.IN_WORK and started is None:
            started = leaving + timedelta(days=rng.randint(20, (contacted - leaving).days))
        services.follow_up_record(
            person=person,
            contacted_on=contacted,
            status=status,
            started_on=started if status in outcomes.IN_WORK else None,
            source=rng.choice(["phone_call", "person", "partner_data"]),
            acting_user=adviser,
            today=today,
        )
        recorded += 1
    return recorded
