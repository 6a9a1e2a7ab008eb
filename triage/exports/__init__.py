"""Rows in, bytes out: the files people download. Plain Python, no Django."""
