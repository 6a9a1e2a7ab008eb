"""Signing in: Django's model backend, with the user's team read in the same query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class TeamModelBackend(ModelBackend):
    """Every page names the signed-in user's team, and every list is scoped by it: loading the
    user with their team saves a query on each request."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("team").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
