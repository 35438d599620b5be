"""The need-to-know policy: its table holds the rules we promise, the docs are generated from it, and no other
module decides visibility from a record's marking."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from meetings import policy
from meetings.policy import Audience, Content, Level, Verdict

ROOT = Path(settings.BASE_DIR)
MEETING_CONTENT = [
    Content.ITEM_DESCRIPTION,
    Content.MINUTES_NOTES,
    Content.DECISIONS,
    Content.ACTIONS_ARISING,
    Content.PAPERS,
]


@pytest.mark.parametrize("audience", [Audience.PUBLIC, Audience.PARTNER])
@pytest.mark.parametrize("level", [Level.SENSITIVE, Level.CONFIDENTIAL])
def test_the_public_and_uninvited_partners_never_get_content_of_an_exempt_item(audience, level):
    for content in MEETING_CONTENT:
        assert policy.verdict(content, audience, level) == Verdict.WITHHELD
    assert policy.verdict(Content.ITEM_TITLE, audience, level) != Verdict.SHOWN


def test_admins_and_invitees_read_everything_about_their_meeting():
    for content in Content:
        for level in Level:
            assert policy.verdict(content, Audience.ADMIN, level) == Verdict.SHOWN
            assert policy.verdict(content, Audience.INVITEE, level) == Verdict.SHOWN


def test_the_public_reads_no_plan_content_or_contact_details():
    for content in (Content.PLAN_ACTIONS, Content.PROGRESS_UPDATES, Content.BOARD_REPORTS, Content.CONTACT_DETAILS):
        assert all(policy.verdict(content, Audience.PUBLIC, level) == Verdict.WITHHELD for level in Level)


def test_a_password_only_admin_is_not_an_admin_while_the_second_factor_is_required(settings, admin_user):
    settings.REQUIRE_ADMIN_2FA = True
    admin_user.is_verified = lambda: False
    assert policy.audience(admin_user) == Audience.PUBLIC
    admin_user.is_verified = lambda: True
    assert policy.audience(admin_user) == Audience.ADMIN


def test_docs_need_to_know_is_generated_from_the_policy_and_current():
    doc = ROOT / "docs" / "need-to-know.md"
    assert doc.read_text() == policy.table_markdown(), "run: manage.py need_to_know --write"
    call_command("need_to_know", check=True)
    for content in Content:
        assert f"| {content.value} |" in doc.read_text()


# Source search ------------------------------------------------------------------------------------

# A line "tests" a marking when it branches on it, compares it, or filters by it.
TESTS_A_MARKING = re.compile(
    r"\bif\b.*\b(is_confidential|marking)\b"
    r"|\b(is_confidential|marking)\b\s*(==|!=|\bin\b|\bis\b)"
    r"|__(is_confidential|marking)\b"
    r"|\b(filter|exclude|Q)\([^)]*\b(is_confidential|marking)\s*="
    r"|\.(is_confidential|marking)\b.*\b(and|or)\b"
)
SEARCHED = ["members", "meetings", "actionplans", "assurance", "outbox", "common", "partnership", "templates"]
# Lines that read a marking for another reason than who may see it. Each says why.
ALLOWED = {
    # Data hygiene: a reason is kept only while the record is confidential.
    ("meetings/services/__init__.py", "if not item.is_confidential:"),
    ("meetings/services/__init__.py", 'confidential_reason=confidential_reason if is_confidential else "",'),
    # Form validation: a confidential record needs its reason.
    ("meetings/forms.py", 'if data.get("is_confidential") and not data.get("confidential_reason", "").strip():'),
    # Model constraints are part of the field definitions.
    (
        "meetings/models/meetings.py",
        'condition=Q(is_confidential=False) | ~Q(confidential_reason=""), name="confidential_item_has_reason"',
    ),
    (
        "meetings/models/meetings.py",
        'condition=Q(is_confidential=False) | ~Q(confidential_reason=""), name="confidential_paper_has_reason"',
    ),
}


def _searched_files():
    for top in SEARCHED:
        for path in (ROOT / top).rglob("*"):
            if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
                continue
            if path == ROOT / "meetings" / "policy.py":
                continue
            yield path


def test_no_module_but_the_policy_decides_visibility_from_a_marking():
    offending = []
    for path in _searched_files():
        relative = str(path.relative_to(ROOT))
        for number, line in enumerate(path.read_text().splitlines(), 1):
            text = line.strip()
            if text.startswith(("#", '"""', "{#")) or "= models." in text:
                continue
            if relative.endswith("models.py") and text.startswith("condition="):
                continue  # a constraint in Meta: part of the field definitions
            if TESTS_A_MARKING.search(text) and (relative, text) not in ALLOWED:
                offending.append(f"{relative}:{number}: {text}")
    assert offending == []


def test_the_source_search_finds_a_marking_test():
    assert TESTS_A_MARKING.search('{% if item.marking == "official_sensitive" %}')
    assert TESTS_A_MARKING.search(".exclude(item__is_confidential=True)")
    assert TESTS_A_MARKING.search("withheld = item.is_confidential and not show_confidential")
    assert not TESTS_A_MARKING.search("marking = models.CharField(max_length=20)")
