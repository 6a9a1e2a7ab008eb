"""Signing in: Django's model backend, with the user's team and roles read in the same query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from triage.access import Role, roles_of
from triage.prepared import MARKER_INT, PreparedRead


def _user_with_team_and_roles(*, user_id):
    user_model = get_user_model()
    memberships = user_model.groups.through.objects.filter(user_id=OuterRef("pk"))
    holds = {f"holds_{role}": Exists(memberships.filter(group__name=role)) for role in Role}
    return user_model._default_manager.select_related("team").annotate(**holds).filter(pk=user_id)[:1]


USER_WITH_TEAM_AND_ROLES = PreparedRead(_user_with_team_and_roles, user_id=MARKER_INT)


class TeamModelBackend(ModelBackend):
    """Every page names the signed-in user's team, scopes every list by it and checks the user's
    roles: loading the user with their team and, as one EXISTS each, whether they hold each role,
    saves two queries on each request. The roles are read afresh on every request, as before: a
    role taken away takes effect on the next page."""

    def get_user(self, user_id):
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None  # not a key this service made (a tampered or foreign session)
        user = USER_WITH_TEAM_AND_ROLES.first(user_id=user_id)  # compiled once: triage/prepared.py
        if user is None:
            return None
        user._pace_roles = roles_of(
            (role for role in Role if getattr(user, f"holds_{role}")), is_superuser=user.is_superuser
        )
        return user if self.user_can_authenticate(user) else None
