"""How a server worker runs the app: set once the app is loaded, by each gunicorn worker
(pace_site/gunicorn_conf.py) and by the benchmarks that time pages as a worker serves them."""

import gc

# Python's defaults are (700, 10, 10): the youngest generation is collected after 700 new objects,
# the middle one every tenth time. A caseload page makes tens of thousands, so about every tenth
# request paid for a middle-generation collection, which showed at the page's p95
# (docs/performance.md). Garbage still goes; it goes in fewer, larger passes.
# Thresholds as CPython 3.11 reads them (the project's Python); 3.13 and later collect differently.
GC_THRESHOLDS = (50_000, 20, 20)


def tune_garbage_collector() -> None:
    """Leave what loading the app made out of every later collection (gc.freeze), then collect
    less often (GC_THRESHOLDS)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
