"""Signing in: Django's model backend, with the user's team read in the same query."""

from django.contrib.auth.backends import ModelBackend, UserModel


class TeamModelBackend(ModelBackend):
    """Every page names the signed-in user's team, and every list is scoped by it: loading the
    user with their team saves a query on each request."""

    def get_user(self, user_id):
        user = UserModel._default_manager.select_related("team").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
