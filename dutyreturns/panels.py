"""What this app adds to the floors below: home-page panels and assurance evidence sources."""

import datetime

from django.urls import reverse
from django.utils import timezone

from assurance.sources import Source
from common import need_to_know

from . import policy, selectors
from .duty_returns import organisations_in_scope
from .models import AssuranceStatement, PartnerReturn, ReferralPathway, ReturnPeriod, SharingAgreement

PATHWAY_REMINDER = datetime.timedelta(days=30)


def admin_panel():
    """Late returns, agreements missing, the pathway's review, agencies missing the panel. A fixed number of queries."""
    today = timezone.localdate()
    period = ReturnPeriod.objects.filter(due__lt=today).order_by("-due").first()
    made = PartnerReturn.objects.filter(period=period).values("organisation_id")
    pathway = ReferralPathway.objects.order_by("-number").first()
    return {  # counts only: the lists are on the pages the panel links to
        "dr_missing": organisations_in_scope().exclude(pk__in=made).count() if period else 0,
        "dr_period": period,
        "dr_gaps": selectors.agreement_gaps_count(today),
        "dr_pathway": pathway,
        "dr_pathway_review_due": pathway is None or pathway.review_date <= today + PATHWAY_REMINDER,
        "dr_alerts": selectors.panel_alerts(),
    }


def partner_panel(request):
    member = need_to_know.member_of(request.user)
    if member is None or member.organisation is None or not member.organisation.has_prevent_duty:
        return {"dr_organisation": None}
    today = timezone.localdate()
    made = PartnerReturn.objects.filter(organisation=member.organisation).values("period_id")
    # Periods that have ended come first: the return is about a period gone by (the current one may be made too).
    open_periods = ReturnPeriod.objects.filter(end__lt=today).exclude(pk__in=made).order_by("-start")[:2]
    return {"dr_organisation": member.organisation, "dr_open": list(open_periods)}


def _by_rule(content, model, own_field=None):
    def visible(user):
        if need_to_know.shown(content, need_to_know.role(user)):
            return model.objects.all()
        member = need_to_know.member_of(user)
        if own_field and member is not None and member.organisation_id and need_to_know.shown(content, policy.OWN):
            return model.objects.filter(**{own_field: member.organisation_id})
        return model.objects.none()

    return visible


def _statements(user):
    if selectors.reads_channel(user, policy.CHANNEL_STATEMENT):
        return AssuranceStatement.objects.all()
    return AssuranceStatement.objects.none()


def evidence_sources():
    """Area 5 (training and partners' delivery): partner returns and information-sharing agreements; area 6 (Channel):
    the Channel assurance statements. Each read through its own row of the need-to-know table."""
    return {
        "dutyreturns.partnerreturn": Source(
            "Partner return (area 5: training and delivery)",
            PartnerReturn,
            lambda user: PartnerReturn.objects.visible_to(user),
            ("organisation__name", "period__label"),
            lambda r: reverse("dutyreturns:detail", args=[r.pk]),
            ("organisation", "period"),
        ),
        "dutyreturns.sharingagreement": Source(
            "Information-sharing agreement (area 5)",
            SharingAgreement,
            _by_rule(policy.SHARING_AGREEMENTS, SharingAgreement, "organisation_id"),
            ("title", "organisation__name"),
            lambda r: reverse("dutyreturns:agreements"),
            ("organisation",),
        ),
        "dutyreturns.assurancestatement": Source(
            "Channel assurance statement (area 6)",
            AssuranceStatement,
            _statements,
            ("summary",),
            lambda r: reverse("dutyreturns:statement", args=[r.year]),
        ),
    }


def subject_access_leads(person):
    """The returns that name the person as their organisation's Prevent lead (returns hold no one else's name)."""
    return [
        {"organisation": r.organisation.name, "period": r.period.label, "submitted": r.submitted_at.date()}
        for r in PartnerReturn.objects.filter(prevent_lead=person).select_related("organisation", "period")
    ]
