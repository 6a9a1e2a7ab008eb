"""Record linkage of identifier records (PACE's people and partners' uploads) into clusters
with PACE IDs: exact on the NI number's keyed hash, otherwise Splink (Fellegi–Sunter) on DuckDB.
No Django: tables in, frozen dataclasses out (decision 0027)."""
