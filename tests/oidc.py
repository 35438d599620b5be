"""A real OpenID Connect provider for the tests: panva's oidc-provider (OpenID Certified) on 127.0.0.1.

`tests/oidc_provider/server.mjs` runs it under Node; `npm ci` installs it from the committed lock the first time
(`make test` does it before the suite). One provider serves the whole test session, with one client registered for
the app at both addresses tests use (the test client's `testserver` and the live server's fixed address, set in
tests/conftest.py). Tests add the people who can sign in there (`add_account`), sign in with the test client
(`sign_in_through_provider`) or in Chromium, and can sign tokens with the provider's own key (it is made here) or
another, through `TamperingProxy`, to check the app refuses what it must.
"""

import json
import os
import re
import shutil
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
CLIENT_ID = "partnership-app"
CLIENT_SECRET = "test-client-secret-that-is-long-enough-for-hs256-0123456789"
PROVIDER_PASSWORD = "provider-password"
CALLBACK = "/accounts/sso/callback/"


def install():
    """`npm ci` from the committed lock, once per checkout (what `make test` runs too)."""
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is missing: the test OpenID provider needs Node 20 (scripts/system_packages.sh)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True)


def new_key(kid):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key))
    return key, {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


class Provider:
    def __init__(self, workdir, app_urls):
        install()
        self.workdir = Path(workdir)
        self.key, private_jwk = new_key("provider-key-1")
        self.accounts_path = self.workdir / "accounts.json"
        self._accounts = []
        self._lock = threading.Lock()
        self._write_accounts()
        config = {
            "accounts": str(self.accounts_path),
            "jwks": {"keys": [private_jwk]},
            "clients": [
                {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "client_name": "Partnership app (tests)",
                    "redirect_uris": [url + CALLBACK for url in app_urls],
                    "post_logout_redirect_uris": [url + "/" for url in app_urls],
                    "response_types": ["code"],
                    "grant_types": ["authorization_code"],
                    "token_endpoint_auth_method": "client_secret_post",
                }
            ],
        }
        config_path = self.workdir / "config.json"
        config_path.write_text(json.dumps(config))
        self.log = open(self.workdir / "provider.log", "w")  # noqa: SIM115 - open while the provider runs
        self.process = subprocess.Popen(
            ["node", str(PROVIDER_DIR / "server.mjs"), str(config_path)],
            cwd=PROVIDER_DIR,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        line = self.process.stdout.readline()
        if not line:
            self.stop()
            raise RuntimeError("the test OpenID provider did not start: " + (self.workdir / "provider.log").read_text())
        self.issuer = json.loads(line)["issuer"]

    # People at the provider ---------------------------------------------------------------------------------

    def _write_accounts(self):
        tmp = self.accounts_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._accounts))
        os.replace(tmp, self.accounts_path)

    def add_account(self, email, *, mfa=False, acr=None, name="", email_verified=True, sub=None, groups=()):
        """Someone who can sign in at the provider (with PROVIDER_PASSWORD); `mfa` says they gave a second factor.
        Adding an email the provider has already changes that account (its subject stays)."""
        existing = next((a for a in self._accounts if a["email"].lower() == email.lower()), None)
        if existing and sub is None:
            sub = existing["sub"]
        account = {
            "email": email,
            "password": PROVIDER_PASSWORD,
            "sub": sub or f"subject-{uuid.uuid4().hex[:12]}",
            "name": name or email.split("@")[0].title(),
            "email_verified": email_verified,
            "mfa": mfa,
            "acr": acr,
            "groups": list(groups),
        }
        with self._lock:
            self._accounts = [a for a in self._accounts if a["email"].lower() != email.lower()] + [account]
            self._write_accounts()
        return account

    def change_account(self, account, **changes):
        with self._lock:
            for existing in self._accounts:
                if existing["sub"] == account["sub"]:
                    existing.update(changes)
            self._write_accounts()

    # Tokens as the provider (or someone else) would sign them -------------------------------------------------

    def sign(self, claims, *, key=None, kid="provider-key-1"):
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid})

    def settings(self, discovery_url=None):
        return {
            "SSO_ENABLED": True,
            "SSO_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "SSO_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "SSO_ISSUER": self.issuer,
            "SSO_DISCOVERY_URL": discovery_url or f"{self.issuer}/.well-known/openid-configuration",
            "SSO_PROVIDER_NAME": "the test identity provider",
        }

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process.stdout.close()  # the pipe its first line came through
        self.log.close()


def through_provider(authorize_url, issuer, email, password=PROVIDER_PASSWORD):
    """Follow the app's redirect to the provider, sign in there as a person would, and return the URL the provider
    sends the browser back to (the app's callback, with its code and state)."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=10)
    for _ in range(20):
        if response.is_redirect:
            onward = urljoin(response.url, response.headers["Location"])
            if not onward.startswith(issuer):
                return onward
            response = browser.get(onward, allow_redirects=False, timeout=10)
        elif response.status_code == 200 and 'name="password"' in response.text:
            action = re.search(r'action="([^"]+)"', response.text).group(1)
            response = browser.post(
                urljoin(issuer, action), data={"email": email, "password": password}, allow_redirects=False, timeout=10
            )
            if response.status_code == 200 and "Wrong email or password" in response.text:
                raise AssertionError(f"the provider refused {email}")
        else:
            raise AssertionError(f"the provider answered {response.status_code}: {response.text[:500]}")
    raise AssertionError("the provider kept redirecting")


def start_sign_in(client, next_url=None):
    """The app's answer to "Sign in with ..." (a redirect to the provider's authorization endpoint)."""
    url = reverse("signin:sso_start") + (f"?next={next_url}" if next_url else "")
    response = client.get(url)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def callback_path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sign_in_through_provider(client, provider, email, *, next_url=None):
    """Sign `client` (Django's test client) in through the provider; returns the app's answer to the callback."""
    back = through_provider(start_sign_in(client, next_url), provider.issuer, email)
    return client.get(callback_path(back))


class TamperingProxy:
    """Stands between the app and the provider's token endpoint, and changes the ID token on its way back.

    The app reads the provider's discovery document through this proxy (its `token_endpoint` now names the proxy);
    everything else is the real provider's. `tamper(claims, token) -> token` makes the ID token the app receives."""

    def __init__(self, provider, tamper):
        self.provider = provider
        self.tamper = tamper
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, content_type="application/json"):
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                document = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=10).json()
                proxy.token_endpoint = document["token_endpoint"]
                document["token_endpoint"] = f"{proxy.url}/token"
                self._send(200, json.dumps(document))

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {"Content-Type": self.headers.get("Content-Type", "application/x-www-form-urlencoded")}
                answer = requests.post(proxy.token_endpoint, data=body, headers=headers, timeout=10)
                if answer.status_code != 200:
                    return self._send(answer.status_code, answer.content)
                tokens = answer.json()
                claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
                tokens["id_token"] = proxy.tamper(claims, tokens["id_token"])
                return self._send(200, json.dumps(tokens))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.token_endpoint = None
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def discovery_url(self):
        return f"{self.url}/.well-known/openid-configuration"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False
