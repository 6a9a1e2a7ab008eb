"""Training, evaluating and writing logistic scorecards: plain Python + NumPy/pandas/scikit-learn, no Django.

cohort (SYNTHETIC data from EVIDENCE.md) -> dictionary (the outcome-data schema) -> fit (pipeline)
-> points (integer points) -> evaluate (metrics, fairness) -> scorecard_file (scorecard.toml),
model_card (model_card.md, from templates/model_card.md) and artifacts (metrics, calibration plot)
in models/NAME-VERSION/, all driven by train.train_model, which `manage.py train_model` calls.
"""
