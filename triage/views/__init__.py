"""Views by role: adviser/, team_lead/, evaluator/ (later partner/), plus common.py and scorecards.py."""
