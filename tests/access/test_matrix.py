"""The access matrix holds: every URL has an entry, and every role gets the answer the entry says."""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .matrix import ENTRIES, LOGIN, POSTS, ROLES

CASES = [pytest.param(entry, role, id=f"{entry.id}-{role}") for entry in ENTRIES for role in ROLES]
POST_CASES = [pytest.param(case, role, id=f"{case.id}-{role}") for case in POSTS for role in ROLES]
REFUSED = {LOGIN, 403, 404, 405}


def url_names(patterns=None, namespace=""):
    """Every named URL in the URL conf except Django's own admin, which guards itself with is_staff."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def url_patterns():
    """{name: route} for the rendered documentation."""
    routes = {}

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern) and entry.name:
                routes.setdefault(namespace + entry.name, "/" + prefix + str(entry.pattern))

    walk(get_resolver().url_patterns, "", "")
    return routes


def test_every_url_in_the_url_conf_has_an_entry_in_the_access_matrix():
    in_conf = set(url_names())
    in_matrix = {entry.name for entry in ENTRIES}
    assert sorted(in_conf - in_matrix) == [], "URLs without an access-matrix entry (add them to tests/access/matrix.py)"
    assert sorted(in_matrix - in_conf) == [], "access-matrix entries for URLs that no longer exist"


def test_matrix_entries_are_not_repeated():
    ids = [entry.id for entry in ENTRIES]
    assert len(ids) == len(set(ids))


def outcome(response):
    """The response as the matrix speaks of it."""
    if response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next="):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize(("entry", "role"), CASES)
def test_each_role_gets_the_expected_answer(entry, role, world, client_for):
    url = reverse(entry.name, kwargs=entry.kwargs(world))
    response = client_for(role).get(url)
    assert outcome(response) == entry.expected(role), (
        f"GET {url} as {role}: {response.status_code} {response.get('Location', '')}"
    )


@pytest.mark.parametrize(("case", "role"), POST_CASES)
def test_sensitive_posts_are_refused_to_those_without_the_right_and_change_nothing(case, role, world, client_for):
    url = reverse(case.name, kwargs=case.kwargs(world))
    response = client_for(role).post(url, case.data(world))
    assert outcome(response) == case.expected(role), f"POST {url} as {role}: {response.status_code}"
    if case.expected(role) in REFUSED:
        assert case.intact(world), f"POST {url} as {role} was refused but changed something"


def test_the_committed_access_matrix_document_matches_the_matrix():
    from .render import render

    committed = (settings.BASE_DIR / "docs" / "access-matrix.md").read_text()
    assert committed == render(), "run: python -m tests.access.render > docs/access-matrix.md"


# Pages a signed-in admin must reach before the second factor: setting it up, and leaving.
BEFORE_SECOND_FACTOR = {"logout", "password_change", "password_change_done"}
PASSWORD_ONLY_CASES = [
    entry
    for entry in ENTRIES
    if entry.admin == 200
    and entry.anonymous != 200
    and not entry.name.startswith("two_factor")
    and entry.name not in BEFORE_SECOND_FACTOR
]


@pytest.mark.parametrize("entry", PASSWORD_ONLY_CASES, ids=lambda entry: entry.id)
def test_an_admin_who_typed_only_the_password_gets_nothing_the_public_may_not(entry, world, client_for, settings):
    """With two-factor sign-in required, a password alone opens no admin page, file or export."""
    settings.REQUIRE_ADMIN_2FA = True
    url = reverse(entry.name, kwargs=entry.kwargs(world))
    response = client_for("admin", second_factor=False).get(url)
    assert response.status_code != 200, f"GET {url} answered 200 to an admin without the second factor"
