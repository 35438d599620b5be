"""Hostile values in every form: no 500, and a script tag never comes back unescaped.

The forms are found, not listed: each page of the access matrix that a role can open is fetched as
that role, and every form on it (POST forms and GET filter forms) is submitted with hostile values,
first in every field at once, then in one field at a time with the others left as the page had them.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .matrix import ENTRIES, ROLES

SCRIPT = "<script>alert(1)</script>"
HOSTILE = [
    SCRIPT,
    "x" * 100_000,
    "a\x00b",
    "abc",  # letters where a number or date belongs
    "31/02/2026",
    "2026-02-31",
    "-1",
    "🙂👍🏽 Ünïcødé",
    "",
]
# One field at a time only with these (all fields at once gets the full table).
PER_FIELD = [SCRIPT, "a\x00b", "2026-02-31"]
SKIP_ACTIONS = {"/accounts/logout/"}


class Forms(HTMLParser):
    """The forms on a page: action, method and their fields with the values the page gave them."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": {},
                "hidden": {},
            }
            self.forms.append(self._form)
        elif self._form is None or ("name" not in attrs and tag != "option"):
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind == "hidden":
                self._form["hidden"][attrs["name"]] = attrs.get("value", "")
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs or attrs["name"] not in self._form["fields"]:
                    self._form["fields"][attrs["name"]] = attrs.get("value", "on")
            else:
                self._form["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self._select = attrs["name"]
            self._form["fields"].setdefault(self._select, "")
        elif tag == "option" and self._select:
            if "selected" in attrs or not self._form["fields"][self._select]:
                self._form["fields"][self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form["fields"][self._textarea] = ""

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(html, page_url):
    parser = Forms()
    parser.feed(html)
    found = []
    for form in parser.forms:
        action = urlsplit(urljoin(page_url, form["action"])).path
        form["hidden"].pop("csrfmiddlewaretoken", None)
        if not (form["fields"] or form["hidden"]) or action in SKIP_ACTIONS or not action.startswith("/"):
            continue  # a button alone (delete, sign out): nothing to fuzz
        found.append({**form, "action": action})
    return found


def submissions(form):
    fields = [*form["hidden"], *form["fields"]]
    for value in HOSTILE:
        yield dict.fromkeys(fields, value)
    for field in fields:
        for value in PER_FIELD:
            yield {**form["hidden"], **form["fields"], field: value}


def check(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if not getattr(response, "streaming", False):
        assert SCRIPT not in response.content.decode(errors="replace"), f"{what}: the payload came back unescaped"


# Pages with forms, once each, as every role that may open them.
PAGES = [
    pytest.param(entry, role, id=f"{entry.id}-{role}")
    for entry in ENTRIES
    for role in ROLES
    if entry.expected(role) == 200
    and entry.name
    not in {
        "healthz",
        "members:people_export",
        "members:organisations_export",
        "subject_access",
        "meetings:feed",
        "meetings:ics",
        "meetings:paper_download",
    }
]


@pytest.mark.parametrize(("entry", "role"), PAGES)
def test_hostile_values_in_every_form_cause_no_error_and_no_unescaped_script(entry, role, world, client_for):
    client = client_for(role)
    url = reverse(entry.name, kwargs=entry.kwargs(world))
    page = client.get(url)
    if page.streaming or not page["Content-Type"].startswith("text/html"):
        return  # a download (CSV, PDF, calendar): no forms in it
    for form in forms_on(page.content.decode(), url):
        form["hidden"].pop("once", None)  # each hostile sending is a new one, not the same form sent again
        for data in submissions(form):
            what = f"{form['method'].upper()} {form['action']} as {role} with {sorted(data)[:6]}"
            if form["method"] == "post":
                response = client.post(form["action"], data)
            else:
                response = client.get(form["action"], {k: v[:2000] for k, v in data.items()})
            check(response, what)
            if response.status_code == 302 and response["Location"].startswith("/"):
                check(client.get(response["Location"]), f"{what}, then its redirect")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=0, max_size=300))
def test_any_text_in_the_public_join_form_and_a_partners_details_causes_no_error(text, world, client_for):
    anonymous, partner = client_for("anonymous"), client_for("partner_a")
    for client, url in ((anonymous, reverse("members:join")), (partner, reverse("members:my_details"))):
        page = client.get(url)
        for form in forms_on(page.content.decode(), url):
            form["hidden"].pop("once", None)
            data = {**form["hidden"], **dict.fromkeys(form["fields"], text)}
            check(client.post(form["action"], data), f"POST {form['action']} with {text!r}")
