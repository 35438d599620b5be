"""Every refusal a service raises is shown on the page, never as a 500.

Every page and POST-only action of the access matrix is aimed at records the services refuse to change: a held
meeting (its agenda, papers, guests), a cancelled one and an approved plan. Each page's forms are posted with
the values the page gave them (so the form is valid and the service decides), and each POST-only action is
posted; the answer is never a server error, and the page that follows it shows why nothing changed.
"""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import include, path, reverse

from meetings.models import Paper

from .matrix import ENTRIES, POSTS
from .test_form_fuzz import forms_on
from .world import PDF, World

SERVER_ERROR = 500


def _held_records(world):
    held = world.held
    item = held.items.first()
    paper = Paper(item=item, title="Held paper", filename="held.pdf", kind="pdf", size=len(PDF))
    paper.file.save("held.pdf", ContentFile(PDF), save=False)
    paper.save()
    guest = held.guests.create(name="Held guest", organisation_name="Elsewhere")
    return {
        "meeting": held, "draft": held, "item": item, "draft_item": item, "confidential_item": item,
        "sensitive_item": item, "paper": paper, "sensitive_paper": paper, "confidential_paper": paper,
        "paper_under_sensitive": paper, "paper_under_confidential": paper, "draft_paper": paper, "guest": guest,
    }  # fmt: skip


def _cancelled_records(world):
    cancelled = world.cancelled
    return {
        "meeting": cancelled, "held": cancelled, "draft": cancelled, "item": world.cancelled_item,
        "draft_item": world.cancelled_item, "confidential_item": world.cancelled_item,
        "sensitive_item": world.cancelled_item, "paper": world.cancelled_paper,
        "sensitive_paper": world.cancelled_paper, "confidential_paper": world.cancelled_paper,
        "paper_under_sensitive": world.cancelled_paper, "paper_under_confidential": world.cancelled_paper,
        "draft_paper": world.cancelled_paper,
    }  # fmt: skip


def _approved_plan_records(world):
    assert world.plan.status == "approved"
    return {}  # the world's plan is approved already: its priority and actions are what is aimed at


CASES = {
    "held meeting": _held_records,
    "cancelled meeting": _cancelled_records,
    "approved plan": _approved_plan_records,
}
TOUCHES = {
    "held meeting": ("meetings:", "actionplans:progress_for_meeting"),
    "cancelled meeting": ("meetings:", "actionplans:progress_for_meeting"),
    "approved plan": ("actionplans:",),
}
SKIP = {"logout", "meetings:feed", "meetings:reply", "password_reset_confirm"}


def _aimed(world, case):
    objects = SimpleNamespace(**{**vars(world.objects), **CASES[case](world)})
    return World(users=world.users, objects=objects)


PARAMS = [
    pytest.param(case, entry, role, id=f"{case}-{entry.id}-{role}")
    for case in CASES
    for entry in ENTRIES
    for role in ("admin", "partner_a")
    if entry.name.startswith(TOUCHES[case])
    and entry.name not in SKIP
    and entry.expected(role) in (200, 302, 405)
    and not entry.case  # one URL per name: the variants aim at the same view
]


def _check(response, what):
    assert response.status_code != SERVER_ERROR, what


@pytest.mark.parametrize(("case", "entry", "role"), PARAMS)
def test_no_form_answers_500_on_a_held_or_cancelled_meeting_or_an_approved_plan(case, entry, role, world, client_for):
    aimed = _aimed(world, case)
    client = client_for(role)
    client.raise_request_exception = False
    url = reverse(entry.name, kwargs=entry.kwargs(aimed))
    if entry.expected(role) == 405:
        response = client.post(url, {})
        _check(response, f"POST {url} as {role} ({case})")
        return
    page = client.get(url)
    _check(page, f"GET {url} as {role} ({case})")
    if page.status_code != 200 or page.streaming or not page["Content-Type"].startswith("text/html"):
        return
    for form in forms_on(page.content.decode(), url):
        if form["method"] != "post":
            continue
        response = client.post(form["action"], {**form["hidden"], **form["fields"]})
        what = f"POST {form['action']} from {url} as {role} ({case})"
        _check(response, what)
        if response.status_code == 302 and response["Location"].startswith("/"):
            _check(client.get(response["Location"]), f"{what}, then its redirect")


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("post", POSTS, ids=lambda post: post.id)
def test_the_sensitive_posts_answer_no_500_on_each_kind_of_locked_record(post, case, world, client_for):
    aimed = _aimed(world, case)
    for role in ("admin", "partner_a"):
        client = client_for(role)
        client.raise_request_exception = False
        url = reverse(post.name, kwargs=post.kwargs(aimed))
        _check(client.post(url, post.data(aimed)), f"POST {url} as {role} ({case})")


def test_removing_a_paper_from_a_held_meeting_says_why_on_the_agenda_page(world, client_for):
    aimed = _aimed(world, "held meeting")
    client = client_for("admin")
    response = client.post(reverse("meetings:paper_delete", args=[aimed.paper.pk]), follow=True)
    assert response.status_code == 200
    assert Paper.objects.filter(pk=aimed.paper.pk).exists()
    page = response.content.decode()
    assert "govuk-notification-banner" in page or "govuk-error-summary" in page
    assert "held" in page.lower()


def _refusing_view(request):
    raise ValidationError("This meeting has been held, so it cannot change")


# The site, and a view that forgets to catch its service's refusal (for the test below).
urlpatterns = [path("refuse/", _refusing_view), path("", include("partnership.urls"))]


def test_a_refusal_no_view_caught_is_shown_on_the_page_the_reader_came_from(db, admin_client, settings):
    settings.ROOT_URLCONF = __name__
    response = admin_client.post("/refuse/", HTTP_REFERER="http://testserver/meetings/")
    assert response.status_code == 302 and response["Location"] == "http://testserver/meetings/"
    page = admin_client.get("/meetings/").content.decode()
    assert "This meeting has been held, so it cannot change" in page
    # From another site, back home rather than off the site.
    response = admin_client.post("/refuse/", HTTP_REFERER="https://evil.example/")
    assert response["Location"] == "/"
