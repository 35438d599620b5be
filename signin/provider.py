"""The OpenID Connect provider: its discovery document, the start of a sign-in, and checking what comes back.

mozilla-django-oidc does the protocol: the authorization request with `state`, `nonce` and PKCE (S256) kept in the
session (`OIDCAuthenticationRequestView`), the code exchange, and the ID token's signature against the provider's
published keys (`OIDCAuthenticationBackend`). Its token check leaves out the audience and the issuer, so `verify_token`
here adds them: signature, issuer (Entra ID multi-tenant: the token's own tenant, if allowed), audience (and `azp`),
expiry and issue time, and the nonce. Anything wrong raises `SignInRefused`, and the callback signs nobody in.
"""

from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

LEEWAY_SECONDS = 60  # clocks differ a little between the provider and us
DISCOVERY_CACHE_SECONDS = 600
TENANT = "{tenantid}"  # Entra ID's multi-tenant discovery names the issuer with this placeholder


class SignInRefused(Exception):
    """The provider's answer cannot sign anyone in. `reason` is for the audit trail; `message` for the person."""

    def __init__(self, reason, message=None, *, user=None, email=""):
        super().__init__(reason)
        self.reason = reason
        self.message = message or "We could not confirm who you are with your organisation's account."
        self.user = user
        self.email = email


def enabled():
    return settings.SSO_ENABLED


def discovery():
    """The provider's discovery document (cached for ten minutes)."""
    url = settings.SSO_DISCOVERY_URL
    key = f"sso-discovery:{url}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise SignInRefused(f"the provider's discovery document could not be read ({error})") from error
        for name in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not document.get(name):
                raise SignInRefused(f"the provider's discovery document has no {name}")
        if settings.SSO_ISSUER and document["issuer"].rstrip("/") != settings.SSO_ISSUER:
            raise SignInRefused(f"the discovery document names issuer {document['issuer']}, not SSO_ISSUER")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def end_session_url(id_token, post_logout_redirect_uri):
    """Where to send someone signing out, so they leave the provider too (RP-initiated logout), or None."""
    try:
        endpoint = discovery().get("end_session_endpoint")
    except SignInRefused:
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.SSO_CLIENT_ID,
            "post_logout_redirect_uri": post_logout_redirect_uri,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class StartView(OIDCAuthenticationRequestView):
    """mozilla-django-oidc's authorization request, to the endpoint the discovery document names."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.SSO_CLIENT_ID

    def get(self, request):
        self.OIDC_OP_AUTH_ENDPOINT = discovery()["authorization_endpoint"]
        return super().get(request)


class TokenChecker(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code exchange and signature check, with the issuer and audience checked too.

    Used directly by the callback, not as an authentication backend: who the claims belong to is
    `signin.services.provider_sign_in`'s rule, and Django signs the login in through `MemberBackend`."""

    def __init__(self):
        document = discovery()
        self.issuer = document["issuer"].rstrip("/")
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = settings.SSO_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.SSO_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.SSO_SIGNING_ALGORITHM
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.verified = None

    def expected_issuer(self, token):
        if TENANT not in self.issuer:
            return self.issuer
        tenant = jwt.decode(token, options={"verify_signature": False}).get("tid")
        if not tenant or (settings.SSO_ALLOWED_TENANTS and tenant not in settings.SSO_ALLOWED_TENANTS):
            raise SignInRefused(f"the token's tenant {tenant!r} is not one SSO_ALLOWED_TENANTS names")
        return self.issuer.replace(TENANT, tenant)

    def verify_token(self, token, **kwargs):
        # The algorithm first, before any key is looked up for it: never "none", never the client secret (HS256).
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise SignInRefused("the ID token is not well formed") from error
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SignInRefused(f"the ID token is signed with {header.get('alg')!r}, not {self.OIDC_RP_SIGN_ALGO}")
        return super().verify_token(token, **kwargs)

    def _verify_jws(self, payload, key):
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.expected_issuer(payload),
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise SignInRefused("the ID token has expired") from error
        except jwt.InvalidAudienceError as error:
            raise SignInRefused("the ID token was issued to another client (audience)") from error
        except jwt.InvalidIssuerError as error:
            raise SignInRefused("the ID token comes from another issuer") from error
        except jwt.InvalidSignatureError as error:
            raise SignInRefused("the ID token's signature does not match the provider's keys") from error
        except jwt.PyJWTError as error:
            raise SignInRefused(f"the ID token is not valid ({error})") from error
        if isinstance(claims["aud"], list) and len(claims["aud"]) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SignInRefused("the ID token names other audiences and is not authorised for this client")
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        """Not a user yet: the claims of the ID token, with the userinfo endpoint's for the same subject."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload["sub"]:
                raise SignInRefused("the userinfo endpoint answered for another subject")
            claims = {**userinfo, **payload}
        self.verified = {"claims": claims, "id_token": id_token, "issuer": payload["iss"]}
        return self.verified

    def store_tokens(self, access_token, id_token):
        """Kept by the callback once someone is signed in, not before."""

    def check(self, request, *, nonce, code_verifier):
        """Exchange the code and check everything that comes back: {"claims", "id_token", "issuer"}."""
        try:
            result = self.authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except SuspiciousOperation as error:  # mozilla-django-oidc's refusals: the nonce, a missing key
            raise SignInRefused(str(error)) from error
        except requests.HTTPError as error:  # the provider refused the code: used already, expired, not ours
            raise SignInRefused(f"the provider refused the code ({error.response.status_code})") from error
        except requests.RequestException as error:
            raise SignInRefused(f"the provider could not be reached ({type(error).__name__})") from error
        except (jwt.PyJWTError, KeyError, ValueError) as error:  # a token that is not even well formed
            raise SignInRefused(f"the ID token is not well formed ({type(error).__name__})") from error
        if not result:
            raise SignInRefused("the provider's answer had no code")
        return result
