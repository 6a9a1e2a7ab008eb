"""The scoring core must run without Django (STYLE.md, "Scoring core")."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCORING = ROOT / "triage" / "scoring"


def test_importing_the_scoring_core_loads_neither_django_nor_pandas():
    code = (
        "import sys, triage.scoring; "
        "assert 'django' not in sys.modules, 'django imported'; "
        "assert 'pandas' not in sys.modules, 'pandas imported by a single score'; "
        "triage.scoring.score_frame; "
        "assert 'django' not in sys.modules, 'django imported with bulk'"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_scoring_modules_import_only_the_standard_library_numpy_pandas_the_shared_core_and_each_other():
    paths = sorted(SCORING.glob("*.py"))
    assert len(paths) >= 6
    for path in paths:
        for module in _imported_modules(path):
            top = module.split(".")[0]
            if top == "triage":
                assert module.startswith(("triage.scoring", "triage.lib.bands")), (path.name, module)
            else:
                assert top in sys.stdlib_module_names or top in {"numpy", "pandas"}, (path.name, module)
            if path.name == "score.py":
                assert top in sys.stdlib_module_names or module.startswith("triage.scoring"), module
