"""Bulk fictional risks for benchmarks: an agreed "Scale" assessment of 2,000 risks across every theme, owned in turn by
the organisations (every tenth by Northport College, the demo partner's), every other one answering two actions of
the scale plan (actionplans/scale.py), every tenth past its review date."""

import datetime

from django.utils import timezone

from actionplans.models import Action, ActionPlan
from meetings.models import Meeting
from members.models import Organisation

from .models import Risk, RiskAssessment, Theme

RISKS = 2000


def build(*, stdout):
    plan = ActionPlan.objects.filter(year_label="Scale").first()
    meeting = Meeting.objects.order_by("starts_at").first()
    college = Organisation.objects.filter(name="Northport College").first()
    if plan is None or meeting is None or college is None:
        stdout.write("Risks scale: skipped (no scale plan, meeting or demo partner).")
        return
    assessment = RiskAssessment.objects.create(
        period_label="Scale", period_start=plan.start_date, period_end=plan.end_date, status="agreed",
        agreed_at_meeting=meeting, agreed_on=timezone.localtime(meeting.starts_at).date(),
    )  # fmt: skip
    themes = list(Theme.objects.all())
    others = list(Organisation.objects.exclude(pk=college.pk).order_by("pk")[:50])
    actions = list(Action.objects.filter(priority__plan=plan).order_by("pk")[:200])
    today = timezone.localdate()
    risks = Risk.objects.bulk_create(
        Risk(
            assessment=assessment, reference=f"R{n + 1}", title=f"Scale risk {n}: extremist content online",
            theme=themes[n % len(themes)], from_local_data=True,
            owner_organisation=college if n % 10 == 0 else others[n % len(others)],
            inherent_likelihood=1 + n % 5, inherent_impact=1 + (n // 5) % 5, residual_likelihood=1 + n % 3,
            residual_impact=1 + (n // 3) % 3, controls="Filtering, training and patrols",
            review_date=today + datetime.timedelta(days=-5 if n % 10 == 3 else 60),
        )
        for n in range(RISKS)
    )  # fmt: skip
    through = Risk.actions.through
    through.objects.bulk_create(
        through(risk=risk, action=actions[(n + k) % len(actions)])
        for n, risk in enumerate(risks)
        if n % 2
        for k in range(2)
    )
    stdout.write(f"Risks scale: {len(risks)} risks.")
