import datetime

import factory
from django.utils import timezone

from actionplans.models import Action, ActionPlan, Priority, ProgressUpdate, ToolkitArea
from tests.factories import OrganisationFactory, PersonFactory, UserFactory


def _year_start():
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    return datetime.date(year, 4, 1)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan
        django_get_or_create = ["year_label"]

    year_label = factory.LazyFunction(lambda: f"{_year_start().year}/{(_year_start().year + 1) % 100:02d}")
    title = "Prevent Partnership action plan"
    start_date = factory.LazyFunction(_year_start)
    end_date = factory.LazyFunction(lambda: _year_start().replace(year=_year_start().year + 1) - datetime.timedelta(1))
    status = ActionPlan.Status.APPROVED


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n}")
    source = Priority.Source.LOCAL
    toolkit_area = ToolkitArea.TRAINING


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    priority = factory.SubFactory(PriorityFactory)
    reference = factory.Sequence(lambda n: f"1.{n}")
    description = factory.Sequence(lambda n: f"Deliver Prevent training session {n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)
    lead_officer = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..lead_organisation"))
    start_date = factory.LazyAttribute(lambda a: a.priority.plan.start_date)
    due_date = factory.LazyAttribute(lambda a: a.priority.plan.end_date)
    status = Action.Status.ON_TRACK
    percent_complete = 40


class UpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(UserFactory)
    narrative = "Two sessions delivered."
    status = Action.Status.ON_TRACK
    percent_complete = 40


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Group"
        django_get_or_create = ["name"]

    name = "Prevent Partnership"
    is_main_board = True


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Meeting"

    group = factory.SubFactory(GroupFactory)
    title = "Quarterly partnership meeting"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(hours=2))
    status = "scheduled"
    # A meeting past draft has been announced to its invitees (meetings.services sets this in the app).
    announced_at = factory.LazyAttribute(lambda m: None if m.status in ("draft", "cancelled") else timezone.now())
