"""What the single sign-on provider said of this session's sign-in, on `request.user` for need_to_know.

At sign-in the callback keeps the ID token's `amr` and `acr` in the session (`SESSION_KEY`); this puts them on the
user as `provider_sign_in`, lazily, as django-otp's middleware puts the verified device there. Whether they count as
the second factor is `need_to_know.second_factor_given`'s rule, and nowhere else.
"""

from django.utils.functional import SimpleLazyObject

SESSION_KEY = "signin_provider"


def carry(user, session):
    """`user` with what the provider said of this session's sign-in (nothing for a password sign-in)."""
    sign_in = session.get(SESSION_KEY)
    if user.is_authenticated and sign_in and sign_in.get("user_id") == user.pk:
        user.provider_sign_in = {"amr": sign_in.get("amr") or [], "acr": sign_in.get("acr")}
    return user


class ProviderSignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.user = SimpleLazyObject(lambda: carry(user, request.session))
        return self.get_response(request)
