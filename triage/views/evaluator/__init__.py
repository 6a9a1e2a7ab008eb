"""Evaluators' pages: aggregate figures only, from selectors that never select who anyone is."""
