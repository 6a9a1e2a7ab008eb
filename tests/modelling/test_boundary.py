"""The modelling package is plain Python + NumPy/pandas/scikit-learn: no Django (STYLE.md)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_modelling_package_does_not_load_django():
    code = (
        "import sys; import triage.modelling.train, triage.modelling.scorecard_file, triage.modelling.model_card, triage.modelling.artifacts, triage.modelling.cohort; "
        "assert 'django' not in sys.modules, 'django imported'"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
