"""Team leads' pages: review of band changes, the team dashboard, the caseload download."""
