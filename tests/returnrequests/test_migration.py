"""Progress returns made before the engine come through the migration: asked, chased, answered, with their emails."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

# The risk register's first migration needs the engine's (it links risks to plan actions as they are after it).
BEFORE = [("actionplans", "0005_complete_action_message_escapes_percent"), ("risks", None)]
AFTER = [("actionplans", "0006_returns_move_to_the_return_request_engine")]


@pytest.fixture
def back_to_latest():
    """Whatever happens, the database ends at the latest migrations (the next test flushes it)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(targets):
    """Migrate to these nodes, every other app at its latest; the models as they stand there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    named = dict(targets)
    nodes = [(app, named.get(app, name)) for app, name in executor.loader.graph.leaf_nodes()]
    executor.migrate(nodes)
    return executor.loader.project_state([node for node in nodes if node[1] is not None]).apps  # None: unapplied


def test_existing_progress_returns_become_requests_of_the_engine_with_their_emails(back_to_latest):
    old = _migrate(BEFORE)
    Organisation = old.get_model("members", "Organisation")
    Person = old.get_model("members", "Person")
    User = old.get_model("members", "User")
    Group = old.get_model("meetings", "Group")
    Meeting = old.get_model("meetings", "Meeting")
    Plan = old.get_model("actionplans", "ActionPlan")
    Priority = old.get_model("actionplans", "Priority")
    Action = old.get_model("actionplans", "Action")
    ProgressUpdate = old.get_model("actionplans", "ProgressUpdate")
    ProgressReturn = old.get_model("actionplans", "ProgressReturn")
    EmailDelivery = old.get_model("outbox", "EmailDelivery")
    ContentType = old.get_model("contenttypes", "ContentType")

    today = timezone.localdate()
    organisation = Organisation.objects.create(
        name="Northport College", sector="further_education", has_prevent_duty=True
    )
    lead = Person.objects.create(name="Priya Raman", email="priya@example.org", organisation=organisation)
    author = User.objects.create(email="admin@example.org", role="admin")
    group = Group.objects.create(name="Board", is_main_board=True)
    starts = timezone.now() + datetime.timedelta(days=10)
    meeting = Meeting.objects.create(
        group=group, title="Board", starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), status="scheduled"
    )
    plan = Plan.objects.create(
        year_label="2026/27", title="Plan", start_date=today, end_date=today + datetime.timedelta(days=300)
    )
    priority = Priority.objects.create(plan=plan, number=1, title="Priority")
    actions = [
        Action.objects.create(
            priority=priority,
            reference=f"1.{n}",
            description=f"Action {n}",
            lead_organisation=organisation,
            lead_officer=lead,
            start_date=today,
            due_date=today,
        )
        for n in (1, 2)
    ]
    sent = timezone.now() - datetime.timedelta(days=6)
    answered = ProgressReturn.objects.create(action=actions[0], meeting=meeting, lead_officer=lead, sent_at=sent)
    waiting = ProgressReturn.objects.create(
        action=actions[1], meeting=meeting, lead_officer=lead, sent_at=sent, chased_at=timezone.now()
    )
    update = ProgressUpdate.objects.create(
        action=actions[0], author=author, narrative="Done", status="on_track", percent_complete=50
    )
    ProgressReturn.objects.filter(pk=answered.pk).update(returned_at=timezone.now(), update=update)
    meeting_type = ContentType.objects.get(app_label="meetings", model="meeting")
    request_email = EmailDelivery.objects.create(
        kind="progress_request", key=f"from-return-{answered.pk}", about_type=meeting_type, about_id=meeting.pk,
        person_id=lead.pk, status="sent",
    )  # fmt: skip
    chase_email = EmailDelivery.objects.create(
        kind="progress_chaser", key=f"from-return-{waiting.pk}", about_type=meeting_type, about_id=meeting.pk,
        person_id=lead.pk, status="sent",
    )  # fmt: skip

    new = _migrate(AFTER)
    ReturnRequest = new.get_model("returnrequests", "ReturnRequest")
    rows = {r.subject_id: r for r in ReturnRequest.objects.all()}

    assert set(rows) == {actions[0].pk, actions[1].pk}
    first, second = rows[actions[0].pk], rows[actions[1].pk]
    assert {r.kind for r in rows.values()} == {"plan_progress"}
    assert (first.round_id, first.person_id, first.to_email) == (meeting.pk, lead.pk, "priya@example.org")
    assert first.returned_at is not None and first.answer_id == update.pk
    assert (first.request_email_id, first.chase_email_id) == (request_email.pk, None)
    assert second.returned_at is None and second.chases == 1
    # Both went in the one request email; only the second was chased.
    assert (second.request_email_id, second.chase_email_id) == (request_email.pk, chase_email.pk)
    assert first.closes_at == meeting.starts_at
    assert ProgressReturn._meta.db_table not in connection.introspection.table_names()
