"""Team scoping: every queryset of people or situations starts here. Selects no column itself."""

from django.db.models import QuerySet

from triage.access import Role, has_role, works_with_people
from triage.models import Person, RedundancySituation, User


def people_visible_to(user: User) -> QuerySet[Person]:
    """The people `user` may see in the app: their own team's, and no one else's."""
    if not works_with_people(user) or user.team_id is None:  # team_id: as works_with_people, for mypy
        return Person.objects.none()
    return Person.objects.filter(team_id=user.team_id)


def situations_visible_to(user: User) -> QuerySet[RedundancySituation]:
    if not works_with_people(user) or user.team_id is None:  # team_id: as works_with_people, for mypy
        return RedundancySituation.objects.none()
    return RedundancySituation.objects.filter(team_id=user.team_id).select_related("council_area")


def people_for_upload(user: User) -> QuerySet[Person]:
    """Whose follow-ups `user` may upload in a file: a team lead's or an admin's own team's people
    (an admin sees no one's page in the app, but may load their team's outcomes)."""
    if not has_role(user, Role.TEAM_LEAD, Role.ADMIN) or user.team_id is None:
        return Person.objects.none()
    return Person.objects.filter(team_id=user.team_id)
