"""Every required field, left empty, says which field it is: never Django's bare "This field is required."

The forms are found, not listed: every GOV.UK form class in the project's modules is built (its keyword
arguments supplied from a small table of sample values) and submitted empty.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings

from common.forms import DJANGO_REQUIRED, GOVUKForm, _label_in_sentence
from meetings import services as meeting_services
from meetings.models import Meeting
from members.models import Person
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

APPS = ["common", "members", "meetings", "actionplans", "outbox", "assurance"]


def _form_classes():
    for app in APPS:
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
            if "migrations" in path.parts or "GOVUKForm" not in path.read_text():
                continue
            importlib.import_module(".".join(path.relative_to(settings.BASE_DIR).with_suffix("").parts))
    seen, todo = [], list(GOVUKForm.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.append(cls)
            todo.extend(cls.__subclasses__())
    return sorted((cls for cls in seen if cls.__module__.split(".")[0] in APPS), key=lambda c: c.__qualname__)


@pytest.fixture
def samples():
    meeting = MeetingFactory(past=True)
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome")
    version = meeting_services.minutes_start(meeting)
    return {
        "meeting": meeting,
        "meetings": Meeting.objects.all(),
        "candidates": Person.objects.all(),
        "answer": "deputy",
        "version_obj": version,
        "items": list(meeting.items.all()),
        "notes": {},
        "invitations": [],
        "user": None,
        "request": None,
    }


def _build(cls, samples):
    kwargs = {}
    for _ in range(6):
        try:
            return cls(data={}, **kwargs)
        except TypeError as error:
            missing = re.findall(r"'(\w+)'", str(error).split("missing", 1)[-1])
            if not missing or any(name not in samples for name in missing):
                raise
            kwargs.update((name, samples[name]) for name in missing)
    raise AssertionError(f"{cls.__qualname__}: could not be built")


def test_the_forms_are_found():
    names = {cls.__name__ for cls in _form_classes()}
    assert {"JoinForm", "ApproveForm", "PeopleForm", "LoginForm", "AttendanceForm"} <= names


def test_every_required_field_left_empty_names_the_field(samples, admin_user):
    samples["user"] = admin_user
    problems = []
    for cls in _form_classes():
        form = _build(cls, samples)
        form.is_valid()
        for name, field in form.fields.items():
            if not field.required:
                continue
            message = str(field.error_messages["required"])
            if message == DJANGO_REQUIRED:
                problems.append(f"{cls.__qualname__}.{name}: {message}")
            elif (name, "required") in form._named_fields and _label_in_sentence(field, name) not in message:
                problems.append(f"{cls.__qualname__}.{name}: {message!r} does not name {field.label!r}")
        for name, errors in form.errors.items():
            if DJANGO_REQUIRED in errors:
                problems.append(f"{cls.__qualname__}.{name}: shown as {DJANGO_REQUIRED!r}")
    assert problems == []


def test_the_messages_read_as_sentences():
    from django import forms

    from meetings.forms import CorrectionForm

    assert CorrectionForm(data={}).errors["reason"] == ["Enter reason for the correction"]

    class Sample(GOVUKForm, forms.Form):
        starts_on = forms.DateField(label="Start date")
        sector = forms.ChoiceField(choices=[("a", "A")], label="Sector")
        dsl_email = forms.EmailField(label="DSL email")
        custom = forms.CharField(error_messages={"required": "Enter the reason, so they know why"})

    errors = Sample(data={"starts_on": "31/02/2026"}).errors
    assert errors == {
        "starts_on": ["Enter start date as a date"],
        "sector": ["Select sector"],
        "dsl_email": ["Enter DSL email"],
        "custom": ["Enter the reason, so they know why"],
    }
