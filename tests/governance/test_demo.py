"""`make run`'s demo: a few registered interests, declarations at two past meetings, a superseded decision, and a
decision between meetings waiting for the next meeting to ratify it."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from governance.models import DecisionStatus, Declaration, Interest, Motion
from tests.factories import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent


def test_the_demo_has_interests_declarations_at_two_meetings_and_a_superseded_decision(demo, client):
    from members.models import User

    assert Interest.objects.count() == 4  # loaded twice, made once
    assert Declaration.objects.values("item__meeting").distinct().count() == 2
    assert Declaration.objects.filter(withdrew=True).count() == 1
    superseded = DecisionStatus.objects.get(status="superseded")
    page = client.get(reverse("governance:public_register")).content.decode()
    assert "Superseded" in page and superseded.superseded_by.text in page
    assert Motion.objects.get().ratify_at is not None
    partner = signed_in_client(User.objects.get(email="partner@example.org"))
    upcoming = Motion.objects.get().ratify_at
    assert (
        "You may need to declare an interest"
        in partner.get(reverse("meetings:detail", args=[upcoming.pk])).content.decode()
    )
