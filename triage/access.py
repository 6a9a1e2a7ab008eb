"""Roles are Django groups. `role_required` decides who may enter a view; selectors decide what they see."""

from functools import wraps

from django.db import models
from django.shortcuts import render


class Role(models.TextChoices):
    ADVISER = "adviser", "Adviser"
    TEAM_LEAD = "team_lead", "Team lead"
    EVALUATOR = "evaluator", "Evaluator"
    ADMIN = "admin", "Admin"
    PARTNER = "partner", "Partner user"


def roles_of(group_names, *, is_superuser: bool) -> set[str]:
    """A user's roles from the names of their groups: a superuser is an admin too."""
    roles = set(group_names)
    if is_superuser:
        roles.add(Role.ADMIN)
    return roles


def user_roles(user) -> set[str]:
    """The user's roles, read once a request: by the sign-in backend with the user's own row
    (triage.auth_backends), or here with one query for a user loaded some other way."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_pace_roles", None)
    if cached is None:
        cached = roles_of(user.groups.values_list("name", flat=True), is_superuser=user.is_superuser)
        user._pace_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def works_with_people(user) -> bool:
    """Advisers and team leads with a team see their team's people; no one else does in the app."""
    return has_role(user, Role.ADVISER, Role.TEAM_LEAD) and user.team_id is not None


def partner_organisation_id(user) -> int | None:
    """The organisation whose uploads a partner user sees; None for anyone else."""
    if has_role(user, Role.PARTNER):
        return user.organisation_id
    return None


def role_required(*roles: str):
    """Let in users holding one of `roles`; others get a plain 'not available to your role' page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                return render(request, "403.html", {"roles": roles}, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
