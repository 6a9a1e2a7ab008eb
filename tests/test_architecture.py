"""The layout's boundaries, beyond what .importlinter's contracts say (`make test` runs lint-imports).

- every top-level part of `triage` is either a shared core or named in the cores' forbidden list,
  so a new Django-side module cannot slip past the contract;
- views write only through services: no database import, no manager, no save or delete;
- evaluator views reach only selectors that never select who anyone is.
"""

import ast
import configparser
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
TRIAGE = ROOT / "triage"
CORES = {"lib", "scoring", "modelling", "exports", "linkage"}
# Read-only selectors the evaluator's (and later the partner's) views may reach: none selects a
# name, contact detail, NI number, postcode or date of birth.
IDENTIFIER_FREE_SELECTORS = {
    "triage.selectors.dashboard",
    "triage.selectors.evaluation",
    "triage.selectors.export",
    "triage.selectors.partner",
    "triage.selectors.retraining",
    "triage.selectors.scoping",
}
IDENTIFYING_FIELDS = (
    "given_name",
    "family_name",
    "full_name",
    "email",
    "phone",
    "ni_number",
    "postcode",
    "date_of_birth",
)
WRITE_CALLS = {"save", "delete", "create", "bulk_create", "get_or_create", "update_or_create", "bulk_update"}
# Queries a view might make on a related manager (person.assessments.first()): selectors make them.
QUERY_CALLS = {"all", "filter", "exclude", "select_related", "prefetch_related", "values", "values_list", "first"}


def _contract(name: str) -> configparser.SectionProxy:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config[f"importlinter:contract:{name}"]


def _lines(value: str) -> set[str]:
    return {line.strip() for line in value.splitlines() if line.strip()}


def test_every_django_side_part_of_triage_is_forbidden_to_the_cores():
    forbidden = _lines(_contract("cores-without-django")["forbidden_modules"])
    parts = {
        path.stem if path.is_file() else path.name
        for path in TRIAGE.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    }
    assert len(parts) > 15
    missing = {f"triage.{part}" for part in parts - CORES} - forbidden
    assert not missing, f"add these to the cores-without-django contract: {sorted(missing)}"


def _view_files() -> list[Path]:
    files = sorted((TRIAGE / "views").rglob("*.py"))
    assert len(files) > 10
    return files


@pytest.mark.parametrize("path", _view_files(), ids=lambda path: str(path.relative_to(TRIAGE)))
def test_views_read_through_selectors_and_write_only_through_services(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert not node.module.startswith("django.db"), f"{path.name}: a view imports {node.module}"
        if isinstance(node, ast.Attribute):
            assert node.attr != "objects", f"{path.name}:{node.lineno}: a view queries a model's manager"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr not in WRITE_CALLS, f"{path.name}:{node.lineno}: a view calls .{node.func.attr}()"
            assert node.func.attr not in QUERY_CALLS, f"{path.name}:{node.lineno}: a view queries; use a selector"


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("triage", cache_dir=None)


@pytest.mark.parametrize("role", ["evaluator", "partner"])
def test_evaluator_and_partner_views_reach_only_identifier_free_selectors(graph, role):
    views = {module for module in graph.modules if module.startswith(f"triage.views.{role}")}
    assert len(views) >= 2
    reached = set()
    for view in views:
        reached |= graph.find_upstream_modules(view)
    selectors = {module for module in reached if module.startswith("triage.selectors.")}
    assert selectors, "the evaluator's views read through selectors"
    assert selectors <= IDENTIFIER_FREE_SELECTORS, sorted(selectors - IDENTIFIER_FREE_SELECTORS)
    assert "triage.selectors" not in reached, "the package re-exports every selector: import a module"


@pytest.mark.parametrize("module", sorted(IDENTIFIER_FREE_SELECTORS))
def test_identifier_free_selectors_never_name_an_identifying_field(module):
    source = (ROOT / (module.replace(".", "/") + ".py")).read_text()
    named = [field for field in IDENTIFYING_FIELDS if field in source]
    assert not named, f"{module} names {named}"
