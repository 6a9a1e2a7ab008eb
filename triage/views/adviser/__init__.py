"""Advisers' pages (team leads use them too): people, checklists, overrides, support, caseload."""
