"""Plain Python shared by every area: no Django import, tested without a database."""
