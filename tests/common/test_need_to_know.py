"""The need-to-know module: the one `is_admin`, the registry every app adds its rows to, the table generated from
it, and a scan of the source that fails on any role or marking test outside the module."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory

from common import need_to_know
from common.need_to_know import ADMIN, PARTNER, PUBLIC, Level
from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)


# Who is asking -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_who_gave_only_the_password_is_not_an_admin_while_the_second_factor_is_required(settings):
    settings.REQUIRE_ADMIN_2FA = True
    password_only = UserFactory(role="admin", second_factor=False)
    assert not need_to_know.is_admin(password_only)
    assert need_to_know.needs_second_factor(password_only)
    assert need_to_know.role(password_only) == PUBLIC
    assert need_to_know.holds_admin_role(password_only)  # so the decorators ask for the second factor, not 403

    verified = UserFactory(role="admin")
    assert need_to_know.is_admin(verified) and not need_to_know.needs_second_factor(verified)
    assert need_to_know.role(verified) == ADMIN


@pytest.mark.django_db
def test_without_the_second_factor_required_the_password_makes_an_admin(settings):
    settings.REQUIRE_ADMIN_2FA = False
    password_only = UserFactory(role="admin", second_factor=False)
    assert need_to_know.is_admin(password_only)
    assert not need_to_know.needs_second_factor(password_only)


@pytest.mark.django_db
def test_a_partner_whose_membership_ended_reads_as_the_public():
    partner = UserFactory(role="partner")
    assert need_to_know.role(partner) == PARTNER
    partner.person.status = "former"
    partner.person.save()
    assert need_to_know.role(partner) == PUBLIC


@pytest.mark.django_db
def test_templates_ask_the_viewer_for_its_roles(settings):
    settings.REQUIRE_ADMIN_2FA = True
    template = Template("{% if viewer.is_admin %}ADMIN{% elif viewer.is_partner %}PARTNER{% else %}PUBLIC{% endif %}")
    for user, expected in (
        (UserFactory(role="admin"), "ADMIN"),
        (UserFactory(role="admin", second_factor=False), "PUBLIC"),
        (UserFactory(role="partner"), "PARTNER"),
    ):
        request = RequestFactory().get("/")
        request.user = user
        assert template.render(Context(need_to_know.context_processor(request))) == expected


# The registry ------------------------------------------------------------------------------------


def test_every_app_registered_its_rows_and_the_meetings_their_invitee():
    names = {content.name for content in need_to_know.contents()}
    for expected in (
        "emails sent (the emails page)",
        "people's contact details",
        "audit entries (the audit trail, change histories, subject access exports)",
        "decisions",
        "papers",
        "plan actions",
        "board reports (drafts, approved versions and their PDFs)",
        "Prevent assurance self-assessments (ratings, narratives, sign-offs)",
        "assurance evidence documents (uploaded, with a marking)",
        "assurance evidence that links a record",
    ):
        assert expected in names
    # Risk owners and partner returns' two ties (a partner's own organisation, the Channel panel's members).
    assert [a.name for a in need_to_know.audiences()] == [
        "admin",
        "invitee",
        "risk owner",
        "own organisation",
        "Channel panel member",
        "voter",
        "partner",
        "public",
    ]


def test_an_audience_a_row_does_not_name_reads_as_the_role_it_narrows():
    from actionplans.policy import PLAN_ACTIONS
    from meetings.policy import INVITEE

    assert PLAN_ACTIONS.verdict(INVITEE, Level.SENSITIVE) == PLAN_ACTIONS.verdict(PARTNER, Level.SENSITIVE)


def test_docs_need_to_know_is_generated_from_the_registry_and_current():
    doc = ROOT / "docs" / "need-to-know.md"
    assert doc.read_text() == need_to_know.table_markdown(), "run: manage.py need_to_know --write"
    call_command("need_to_know", check=True)
    for content in need_to_know.contents():
        assert f"| {content.name} |" in doc.read_text()


# The source scan ---------------------------------------------------------------------------------

SEARCHED = [
    "members",
    "meetings",
    "actionplans",
    "assurance",
    "measures",
    "signin",
    "governance",
    "outbox",
    "returnrequests",
    "common",
    "partnership",
    "templates",
]
THE_MODULE = ROOT / "common" / "need_to_know.py"

# A role test: the model's role properties, the second factor's own state, or the setting that asks for it.
TESTS_A_ROLE = re.compile(
    r"\.is_council_admin\b"
    r"|(?<!viewer)(?<!need_to_know)\.is_partner\b"
    r"|\bis_verified\b"
    r"|\bREQUIRE_ADMIN_2FA\b"
)
# A marking test: a line that branches on a marking, compares it, or filters by it.
TESTS_A_MARKING = re.compile(
    r"\bif\b.*\b(is_confidential|marking)\b"
    r"|\b(is_confidential|marking)\b\s*(==|!=|\bin\b|\bis\b)"
    r"|__(is_confidential|marking)\b"
    r"|\b(filter|exclude|Q)\([^)]*\b(is_confidential|marking)\s*="
    r"|\.(is_confidential|marking)\b.*\b(and|or)\b"
)
# Lines that read a role or a marking for another reason than who may read what. Each says why.
ALLOWED = {
    # The properties themselves, on the user model.
    ("members/models.py", "def is_council_admin(self):"),
    ("members/models.py", "def is_partner(self):"),
    # The setting, read from the environment (the module reads it).
    ("partnership/settings.py", 'REQUIRE_ADMIN_2FA = env.bool("REQUIRE_ADMIN_2FA", default=not DEBUG)'),
    # Django's back office asks for the same second factor: its site class is chosen once, at start.
    ("partnership/urls.py", "if settings.REQUIRE_ADMIN_2FA:"),
    # Data hygiene: a reason is kept only while the record is confidential.
    ("meetings/services/__init__.py", "if not item.is_confidential:"),
    ("meetings/services/__init__.py", 'confidential_reason=confidential_reason if is_confidential else "",'),
    # Form validation: a confidential record needs its reason.
    ("meetings/forms.py", 'if data.get("is_confidential") and not data.get("confidential_reason", "").strip():'),
}


def _searched_files():
    for top in SEARCHED:
        for path in (ROOT / top).rglob("*"):
            if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts or path == THE_MODULE:
                continue
            yield path


def _offending(pattern):
    offending = []
    for path in _searched_files():
        relative = str(path.relative_to(ROOT))
        for number, line in enumerate(path.read_text().splitlines(), 1):
            text = line.strip()
            if text.startswith(("#", '"""', "{#")) or "= models." in text:
                continue  # comments, docstrings' first lines, model field definitions
            if (relative.endswith("models.py") or "/models/" in relative) and text.startswith("condition="):
                continue  # a constraint in Meta: part of the field definitions
            if pattern.search(text) and (relative, text) not in ALLOWED:
                offending.append(f"{relative}:{number}: {text}")
    return offending


def test_no_module_but_need_to_know_tests_a_role():
    assert _offending(TESTS_A_ROLE) == [], "ask common.need_to_know (is_admin, role, member_of; viewer.is_admin)"


def test_no_module_but_need_to_know_decides_visibility_from_a_marking():
    assert _offending(TESTS_A_MARKING) == [], "ask common.need_to_know (level, verdict, allowed_q)"


def test_the_source_scan_finds_role_and_marking_tests():
    for line in (
        "{% if user.is_council_admin %}",
        "if request.user.is_partner:",
        "return user.is_verified()",
        "if settings.REQUIRE_ADMIN_2FA and not ok:",
    ):
        assert TESTS_A_ROLE.search(line), line
    for line in ("{% if viewer.is_admin %}", "{% if viewer.is_partner %}", "need_to_know.is_partner(user)"):
        assert not TESTS_A_ROLE.search(line), line
    assert TESTS_A_MARKING.search('{% if item.marking == "official_sensitive" %}')
    assert TESTS_A_MARKING.search(".exclude(item__is_confidential=True)")
    assert TESTS_A_MARKING.search("withheld = item.is_confidential and not show_confidential")
    assert not TESTS_A_MARKING.search("marking = models.CharField(max_length=20)")
