"""Whether the service can work: for the load balancer's health check."""

from django.db import DatabaseError, connection


def database_answers() -> bool:
    """True if the database answers a trivial query now."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True
