"""Signing in: Django's ModelBackend, reading a user's membership with them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MemberBackend(ModelBackend):
    """Reads the signed-in user with their membership record and its organisation in one query.

    Nearly every partner page asks for them (need-to-know, "my actions", the home panels), so this saves
    one or two queries a request; for an admin the joins find nothing.
    """

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("person__organisation")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
