"""Random and hostile values posted to every form of the adviser, team lead, evaluator and partner journeys.

Each form's fields are read from the page itself (every input, select and textarea of its form), so
a field added later is fuzzed without touching this file. Hypothesis fills them with a mix of the
page's own options, empty values, huge strings, control and bidirectional characters, non-ASCII
digits, numbers at the edges and repeated values. Whatever comes in:

- the response is never a server error (the test client raises the view's exception if there is one);
- a form sent back with errors has saved nothing: no table of the service has one row more or less.
"""

import csv
import io
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import add_intervention, add_queried_override, make_situation, register
from triage.lib import identifiers, outcomes
from triage.models import AuditEvent, InterventionType, RetrainJob

EXAMPLES = 40
HOSTILE_TEXT = st.one_of(
    st.just(""),
    st.just(" "),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12),
    st.sampled_from(
        [
            "\x00",
            "a\u202eb",
            "\u2067x\u2069",
            "line\r\nbreak",
            "²⁰²⁶",
            "١٢",
            "３",
            "31/12/9999",
            "9999",
            "-1",
            "0",
            "1e309",
            "99999999999999999999",
            "NaN",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            '=HYPERLINK("x")',
            "x" * 5000,
            "a@" + "b" * 300 + ".com",
            "QQ 12 34 56 C",
        ]
    ),
)


class _FormFields(HTMLParser):
    """The fields of the page's forms sent by `method`, with the values the page offers for each."""

    def __init__(self, method):
        super().__init__()
        self.method = method
        self.fields: dict[str, list[str]] = {}
        self._in_post_form = False
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._in_post_form = (attributes.get("method") or "get").lower() == self.method
        if not self._in_post_form:
            return
        name = attributes.get("name")
        if tag in {"input", "textarea"} and name and name != "csrfmiddlewaretoken":
            options = self.fields.setdefault(name, [])
            if attributes.get("value"):
                options.append(attributes["value"])
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select and attributes.get("value"):
            self.fields[self._select].append(attributes["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post_form = False
        elif tag == "select":
            self._select = None


def form_fields(client, url, method="post") -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _FormFields(method)
    parser.feed(response.content.decode())
    assert parser.fields, f"no form fields found on {url}"
    return parser.fields


def row_counts() -> dict[str, int]:
    """Rows in every table of the service, but the audit trail (a refused form may audit a view)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("triage").get_models()
        if model is not AuditEvent
    }


# Digits of other scripts and superscripts (Unicode Nd and No) are a date's classic trap.
ODD_DIGITS = st.one_of(
    st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=4),
    st.text(alphabet=st.characters(categories=["No"]), min_size=1, max_size=4),
    st.sampled_from(["²", "¹²", "²⁰²⁶", "①", "３", "١٢"]),
)


@st.composite
def date_boxes(draw):
    """A real-looking day, month and year with, most of the time, one box made hostile.

    The other two stay plausible, which is the only way past "must include a day" to the code
    that reads the numbers.
    """
    boxes = [str(draw(st.integers(1, 31))), str(draw(st.integers(1, 12))), str(draw(st.integers(1900, 9999)))]
    if draw(st.booleans()):
        boxes[draw(st.integers(0, 2))] = draw(st.one_of(ODD_DIGITS, HOSTILE_TEXT))
    return boxes


def hostile_post(fields: dict[str, list[str]]):
    def value_for(options):
        return st.one_of(st.sampled_from(options), HOSTILE_TEXT) if options else HOSTILE_TEXT

    dates = sorted({name[:-2] for name in fields if name[-2:] == "_0" and f"{name[:-2]}_2" in fields})
    date_names = {f"{stem}_{part}" for stem in dates for part in range(3)}
    every_field = {
        name: st.one_of(value_for(options), st.lists(value_for(options), min_size=2, max_size=3))
        for name, options in fields.items()
        if name not in date_names
    }

    @st.composite
    def post(draw):
        data = draw(st.fixed_dictionaries({}, optional=every_field))
        for stem in dates:
            if draw(st.booleans()):
                data.update({f"{stem}_{part}": box for part, box in enumerate(draw(date_boxes()))})
        return data

    return post()


def assert_survives(client, url, data):
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    if response.status_code not in (301, 302, 303):
        assert row_counts() == before, f"a refused form changed the database: {url} {data!r}"


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def adviser_pages(adviser_a_client, adviser_a, person_a, assessment_a, event_a):
    intervention = add_intervention(adviser_a, person_a)
    advice = InterventionType.objects.get(code="employability_advice")
    ref = person_a.ref
    return {
        "search": "/people/",
        "register": "/people/add/",
        "checklist": f"/people/{ref}/assessments/add/",
        "override": f"/people/{ref}/assessments/{assessment_a.pk}/override/",
        # The support's second step: who delivers it, the dates and notes (the first is a GET).
        "support add": f"/people/{ref}/interventions/add/?intervention_type={advice.pk}",
        "support update": f"/people/{ref}/interventions/{intervention.pk}/update/",
        "event mode": "/event/",
        "edit": f"/people/{ref}/edit/",
        "found work": f"/people/{ref}/found-work/",
        "follow-up": f"/people/{ref}/follow-ups/add/",
    }


def fuzz_form(client, url: str) -> None:
    """Post the form on `url` with hostile values, read from its own page, as many times as FUZZ says."""
    fields = form_fields(client, url)

    @FUZZ
    @given(data=hostile_post(fields))
    def post(data):
        assert_survives(client, url, data)

    post()


@pytest.mark.parametrize(
    "form",
    [
        "search",
        "register",
        "checklist",
        "override",
        "support add",
        "support update",
        "event mode",
        "edit",
        "found work",
        "follow-up",
    ],
)
def test_adviser_forms_survive_hostile_values(adviser_a_client, adviser_pages, form):
    fuzz_form(adviser_a_client, adviser_pages[form])


def test_override_review_and_answer_survive_hostile_values(client, adviser_a, team_lead_a, assessment_a):
    override = add_queried_override(adviser_a, team_lead_a, assessment_a)
    client.force_login(adviser_a)
    fuzz_form(client, f"/overrides/{override.pk}/answer/")
    client.force_login(team_lead_a)
    fuzz_form(client, f"/team/overrides/{override.pk}/review/")


@pytest.mark.parametrize(
    ("form_page", "url"),
    [("/caseload/", "/caseload/"), ("/caseload/", "/caseload/download/")],
)
def test_filters_and_downloads_survive_hostile_values(client, team_lead_a, person_a, form_page, url):
    client.force_login(team_lead_a)
    fields = form_fields(client, form_page, method="post")  # the filters are POSTed (the name box)

    @FUZZ
    @given(data=hostile_post(fields))
    def send(data):
        response = client.post(url, data) if url == "/caseload/" else client.get(url, data)
        assert response.status_code < 500, (url, data)
        if response.status_code == 302:
            assert client.get(response["Location"]).status_code < 500, (url, data)

    send()


def test_export_form_survives_hostile_values(client, evaluator, assessment_a):
    """The evaluator's export form: a refused form starts no export (row_counts holds ExportJob)."""
    client.force_login(evaluator)
    fuzz_form(client, "/evaluation/exports/")


def test_a_follow_up_of_someone_whose_job_ended_a_year_ago_survives_hostile_values(
    adviser_a_client, adviser_a, team_a, glasgow, today
):
    """Dates past the 3-month point get through the form to the service's own checks."""
    person = register(adviser_a, make_situation(team_a, glasgow, today - timedelta(days=400)))
    fuzz_form(adviser_a_client, f"/people/{person.ref}/follow-ups/add/")


CSV_CELL = st.one_of(HOSTILE_TEXT, st.sampled_from(["P-7K3M9Q", "2026-09-14", "14/09/2026", *outcomes.STATUSES]))


@st.composite
def hostile_files(draw, refs):
    """A header (mostly the right one) and rows of cells: the team's references, dates, statuses and
    hostile text, with quotes, commas and line breaks; or bytes of any kind."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=300))
    header = list(outcomes.UPLOAD_COLUMNS) if draw(st.integers(0, 5)) else draw(st.lists(CSV_CELL, max_size=5))
    cell = st.one_of(CSV_CELL, st.sampled_from(refs))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=5), max_size=6))
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])), errors="replace")


def test_the_follow_up_upload_survives_hostile_files(client, team_lead_a, adviser_a, team_a, glasgow, person_b, today):
    person = register(adviser_a, make_situation(team_a, glasgow, today - timedelta(days=400)))
    client.force_login(team_lead_a)
    fields = form_fields(client, "/team/follow-ups/upload/")
    assert set(fields) == {"file", "source"}

    @FUZZ
    @given(
        content=hostile_files([person.ref, person_b.ref]),
        source=st.one_of(st.sampled_from(fields["source"]), HOSTILE_TEXT),
    )
    def post(content, source):
        upload = SimpleUploadedFile("follow-ups.csv", content, "text/csv")
        assert_survives(client, "/team/follow-ups/upload/", {"file": upload, "source": source})

    post()


IDENTIFIER_CELL = st.one_of(
    HOSTILE_TEXT,
    st.sampled_from(["DWP-1", "DWP-1", "27/03/1975", "1975-02-30", "EH1 1AA", "Morag"]),
    st.sampled_from(["ab 12 34 56 c", "AB123456"]),  # fictional-ni
)


@st.composite
def hostile_identifier_files(draw):
    """A partner's file: mostly the right header, rows of plausible and hostile cells; or any bytes."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=300))
    header = list(identifiers.COLUMNS) if draw(st.integers(0, 5)) else draw(st.lists(IDENTIFIER_CELL, max_size=6))
    rows = draw(st.lists(st.lists(IDENTIFIER_CELL, min_size=0, max_size=7), max_size=6))
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])), errors="replace")


def test_the_partner_upload_survives_hostile_files(client, partner_dwp):
    """A refused file keeps nothing (row_counts holds the upload and identifier tables); an accepted
    one redirects to its page."""
    client.force_login(partner_dwp)
    assert set(form_fields(client, "/partner/uploads/add/")) == {"file"}

    @FUZZ
    @given(content=hostile_identifier_files())
    def post(content):
        upload = SimpleUploadedFile("people.csv", content, "text/csv")
        assert_survives(client, "/partner/uploads/add/", {"file": upload})

    post()


def test_retraining_start_form_survives_hostile_values(client, evaluator, settings):
    """Starting a retraining: with too few outcomes every post is refused and saves nothing (a
    RetrainJob would show in row_counts); a bad seed is a message, never an error."""
    settings.RETRAIN_MIN_PER_CLASS = 1
    client.force_login(evaluator)
    fuzz_form(client, "/evaluation/retraining/")


def test_make_live_form_survives_hostile_values(client, admin_user, evaluator):
    """Making a candidate live, on a job with no candidate: every post is refused, nothing saved."""
    job = RetrainJob.objects.create(
        requested_by=evaluator, seed=1, live_label="rules-1.0", ltu_count=1, not_ltu_count=1
    )
    client.force_login(admin_user)
    fuzz_form(client, f"/evaluation/retraining/{job.pk}/make-live/")


def test_cutoff_explorer_survives_hostile_values(client, evaluator, assessment_a):
    """The evaluator's cut-off explorer is a GET form: any query string gives a page, never a server error."""
    client.force_login(evaluator)
    url = "/evaluation/model/cut-offs/"
    fields = form_fields(client, url, method="get")

    @FUZZ
    @given(data=hostile_post(fields))
    def get(data):
        response = client.get(url, data)
        assert response.status_code < 500, (url, data)

    get()
