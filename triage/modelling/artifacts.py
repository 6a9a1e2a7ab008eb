"""The rest of a trained scorecard's folder, models/NAME-VERSION/, besides scorecard.toml and model_card.md.

- metrics.json: every held-out figure (evaluate.py), for this card and the comparison card.
- calibration.png: observed LTU rate against estimated risk by decile.
- the library versions recorded in scorecard.toml's [meta] and in metrics.json.

(pipeline.joblib, the fitted scikit-learn pipeline for audit and retraining, is written by train.py with
joblib; a request never loads it.)
"""

import json
import math
import platform
from collections.abc import Mapping, Sequence
from pathlib import Path


def library_versions() -> dict[str, str]:
    import joblib
    import numpy
    import pandas
    import sklearn

    return {
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "pandas": pandas.__version__,
        "scikit-learn": sklearn.__version__,
        "joblib": joblib.__version__,
    }


def _json_ready(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    item = getattr(value, "item", None)
    if callable(item):  # a NumPy scalar
        return _json_ready(item())
    return value


def write_metrics(path: Path, metrics: Mapping[str, object]) -> None:
    path.write_text(json.dumps(_json_ready(metrics), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_calibration_png(path: Path, curves: Mapping[str, Sequence[Mapping[str, float]]], *, title: str) -> None:
    """Observed rate against mean estimated risk by decile, one line per card, with the diagonal."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(5.5, 5), dpi=100)
    axes = figure.add_subplot()
    top = 0.0
    for (label, rows), marker in zip(curves.items(), ("o", "s", "^"), strict=False):
        x = [r["mean_probability"] for r in rows]
        y = [r["observed_rate"] for r in rows]
        top = max(top, *x, *y)
        axes.plot(x, y, marker=marker, label=label)
    top = min(1.0, top * 1.1)
    axes.plot([0, top], [0, top], color="grey", linestyle="--", linewidth=1, label="perfect calibration")
    axes.set_xlim(0, top)
    axes.set_ylim(0, top)
    axes.set_xlabel("Mean estimated risk of LTU in decile")
    axes.set_ylabel("Observed LTU rate in decile")
    axes.set_title(title, fontsize=10)
    axes.legend(loc="upper left", fontsize=8)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, format="png")
