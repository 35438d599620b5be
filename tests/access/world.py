"""The shared world the access matrix and the form fuzz run against: one of everything, two partners.

`partner_a` is a partner at organisation A: invited to the world's meetings, owner of a meeting action
(and, once action plans exist, lead officer of the plan's action). `partner_b` is a partner at
organisation B: invited to nothing, owning nothing. `admin` is a council admin.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from actionplans import plan_returns
from actionplans import services as plan_services
from actionplans.models import GeneratedReport
from meetings import replies, services
from meetings.models import GeneratedPdf, Marking, StandingItem
from outbox import services as outbox
from returnrequests import services as returns
from signin.models import FactorRecovery
from tests import factories
from tests.actionplans import factories as plan_factories
from tests.meetings import factories as meeting_factories
from tests.members import factories as member_factories
from tests.pdfs import blank_pdf

# A tiny but real PDF: the upload check reads the bytes, not the name.
PDF = blank_pdf()


@dataclass
class World:
    users: dict
    objects: SimpleNamespace
    extra: dict = field(default_factory=dict)

    def __getattr__(self, name):
        return getattr(self.objects, name)


def _upload(item, title, *, marking, is_confidential=False):
    return services.paper_upload(
        item=item,
        upload=SimpleUploadedFile(f"{title}.pdf", PDF, content_type="application/pdf"),
        title=title,
        marking=marking,
        is_confidential=is_confidential,
        confidential_reason="Names individuals" if is_confidential else "",
    )


def _ready_pdf(meeting, kind, version):
    minutes_version = None if kind.startswith("agenda") else version
    # Approving minutes may already have asked for them: finish that request rather than add another.
    pdf = GeneratedPdf.objects.filter(meeting=meeting, minutes_version=minutes_version, kind=kind).first()
    pdf = pdf or GeneratedPdf(meeting=meeting, minutes_version=minutes_version, kind=kind)
    pdf.state = "ready"
    pdf.file.save(f"{kind}.pdf", ContentFile(PDF), save=False)
    pdf.filename, pdf.size, pdf.pages = f"{kind}.pdf", len(PDF), 1
    pdf.save()
    return pdf


def _assurance(plan):
    """Prevent assurance: this year's draft (admins only) and last year's, signed off (partners read it)."""
    from assurance import services as assurance_services
    from assurance.models import Evidence

    draft = assurance_services.cycle_start(year_label="2026/27")
    signed = assurance_services.cycle_start(year_label="2025/26")
    signed.status = "signed_off"
    signed.save()
    assessment = draft.assessments.order_by("criterion__number").first()
    evidence = Evidence(assessment=signed.assessments.first(), title="Training log", marking=Marking.OFFICIAL)
    evidence.document.save("training-log.pdf", ContentFile(PDF), save=False)
    evidence.save()
    return {
        "assurance_draft": draft,
        "assurance_signed": signed,
        "assurance_assessment": assessment,
        "assurance_evidence": evidence,
    }


def _measures(plan_action, admin):
    """Plan measures on the plan's action (as agreed when the plan was approved): a measure with a result and its
    evidence file, a milestone, its RAG set by hand; and the plan's highlight report, ready."""
    from measures import services as measure_services
    from measures.models import HighlightReport, Measure, Measurement, Milestone

    measure = Measure.objects.create(
        action=plan_action, title="Staff trained", unit="%", baseline=20, baseline_date=plan_action.start_date,
        target=90, target_date=plan_action.due_date, amber_at=60, red_at=40,
    )  # fmt: skip
    today = datetime.date.today()
    measurement = Measurement(
        measure=measure, period_start=today - datetime.timedelta(days=30), period_end=today, value=55,
        source="Training records", commentary="Checked", recorded_by=admin, evidence_name="register.pdf",
        evidence_kind="pdf",
    )  # fmt: skip
    measurement.evidence.save("register.pdf", ContentFile(PDF), save=False)
    measurement.save()
    milestone = Milestone.objects.create(action=plan_action, title="Sessions booked", due_date=plan_action.due_date)
    tracking = measure_services.tracking_for(plan_action)
    tracking.override_status, tracking.override_reason = "on_track", "Sessions are booked"
    tracking.save()
    highlight = HighlightReport(plan=plan_action.priority.plan, state="ready", filename="highlight.pdf", size=len(PDF))
    highlight.file.save("highlight.pdf", ContentFile(PDF), save=False)
    highlight.save()
    return {"measure": measure, "measurement": measurement, "milestone": milestone, "tracking": tracking}


def _duty_returns(org_a, person_a, group):
    """Partner returns and the Channel panel (issue 26): the world's "Channel Panel" group is the panel, partner A a
    member of it; organisation A has made a return with notes and a sector answer; a quarter of Channel figures, the
    year's statement, the referral pathway and an agreement with organisation A."""
    from dutyreturns import duty_returns
    from dutyreturns import services as duty_services
    from dutyreturns.models import ChannelPanel, ReturnPeriod, SectorAnswer, SectorQuestion, SharingAgreement

    today = datetime.date.today()
    ChannelPanel.objects.create(group=group)
    period = ReturnPeriod.objects.create(
        label="Last quarter",
        start=today - datetime.timedelta(days=100),
        end=today - datetime.timedelta(days=10),
        due=today - datetime.timedelta(days=2),
    )
    products = duty_services.products_for(org_a)
    duty_return = duty_services.return_save(
        organisation=org_a,
        period=period,
        prevent_lead=person_a,
        notes="Totals checked",
        training={p.pk: (20, 4, 18) for p in products},
        answers={},
    )
    question = SectorQuestion.objects.create(sector=org_a.sector, text="What changed", is_count=False)
    SectorAnswer.objects.create(partner_return=duty_return, question=question, text="Policy refreshed")
    year = today.year if today.month >= 4 else today.year - 1
    quarter = duty_services.quarter_save(
        year=year - 1,
        quarter=1,
        by=None,
        counts={},
        figures={"referrals": 9, "discussed": 6, "adopted": 3, "closed": 2},
    )
    statement = duty_services.statement_for_year(year - 1)
    statement.summary = "A year of the panel"
    statement.save()
    statement.ratings.update(evidence="Minutes and figures")
    pathway = duty_services.pathway_publish(
        body="Call the Prevent team.", review_date=today + datetime.timedelta(days=200), by=None
    )
    agreement = SharingAgreement.objects.create(
        organisation=org_a,
        title="Prevent ISA",
        parties="Council\nOrganisation A",
        legal_basis="Public task",
        scope="Referrals",
        signed_date=today - datetime.timedelta(days=30),
        review_date=today + datetime.timedelta(days=300),
    )
    duty_request = returns.request_new(duty_returns.KIND, subject=org_a, round=period, person=person_a)
    duty_request.save()
    return {
        "duty_period": period,
        "duty_return": duty_return,
        "channel_quarter": quarter,
        "statement_year": year - 1,
        "pathway": pathway,
        "agreement": agreement,
        "duty_request": duty_request,
    }


def _governance(held, held_item, group, partner_a, partner_b):
    """Governance (issue 28): partner A's register entry, declared at the held meeting (its minutes are approved, so
    the declaration was recorded before); an open motion with a paper that both partners vote on, and a closed one."""
    from governance import services as gov_services
    from governance.models import Declaration

    interest = gov_services.interest_add(
        partner_a.person, kind="directorship", body="Northport Youth Trust", starts_on=datetime.date(2024, 1, 1)
    )
    declaration = Declaration.objects.create(item=held_item, person=partner_a.person, interest=interest)
    paper = SimpleUploadedFile("pathway.pdf", PDF, content_type="application/pdf")
    closes = timezone.now() + datetime.timedelta(days=3)
    voters = [partner_a.person, partner_b.person]
    motion = gov_services.motion_put(
        group=group, voters=voters, closes_at=closes, title="Open motion", text="Adopt it", reasons="Needed",
        paper=paper,
    )  # fmt: skip
    closed = gov_services.motion_put(
        group=group, voters=voters, closes_at=closes, title="Closed motion", text="Agree it", reasons="Needed"
    )
    closed = gov_services.motion_close(closed)
    return {"gov_interest": interest, "gov_declaration": declaration, "gov_motion": motion, "gov_closed": closed}


def _risks(world_orgs, plan_action, held, partner_a):
    """The local risk assessment: agreed at the held meeting, its summary published and its register PDF ready, with a
    risk organisation A owns (partner A its owner), one answered by the plan action A leads, and one the council owns
    that nothing ties to A; a draft of another period with a risk A owns; an OFFICIAL CTLP recommendation and an
    OFFICIAL-SENSITIVE criterion of the assurance letter."""
    from risks.models import Recommendation, RecommendationSource, RegisterPdf, Risk, RiskAssessment, Theme

    council, org_a = world_orgs
    theme = Theme.objects.get(name="Online radicalisation")
    agreed = RiskAssessment.objects.create(
        period_label="2026/27", period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2027, 3, 31),
        status="agreed", agreed_at_meeting=held, agreed_on=held.starts_at.date(), summary_published=True,
        public_summary="Reviewed every year",
    )  # fmt: skip
    draft = RiskAssessment.objects.create(
        period_label="2030/31", period_start=datetime.date(2030, 4, 1), period_end=datetime.date(2031, 3, 31)
    )
    later = datetime.date.today() + datetime.timedelta(days=30)
    scores = {"inherent_likelihood": 4, "inherent_impact": 4, "residual_likelihood": 3, "residual_impact": 3}

    def risk(assessment, reference, owner, officer=None):
        return Risk.objects.create(
            assessment=assessment, reference=reference, title=f"Risk {reference}", theme=theme, from_local_data=True,
            owner_organisation=owner, owner_officer=officer, review_date=later, controls="Controls",
            residual_reason="Reason", closed_reason="Closed", **scores,
        )  # fmt: skip

    risk_a = risk(agreed, "R1", org_a, partner_a.person)
    risk_linked = risk(agreed, "R2", council)
    risk_linked.actions.add(plan_action)
    risk_council = risk(agreed, "R3", council)
    risk_draft = risk(draft, "R1", org_a)
    ctlp = RecommendationSource.objects.create(kind="ctlp", name="CTLP 2026")
    letter = RecommendationSource.objects.create(kind="assurance_letter", name="Assurance letter 2026")
    recommendation = Recommendation.objects.create(source=ctlp, reference="R1", local_wording="Online harms")
    recommendation.risks.add(risk_a)
    sensitive_recommendation = Recommendation.objects.create(
        source=letter, reference="3", local_wording="Training", marking=Marking.OFFICIAL_SENSITIVE, rating="not_met"
    )
    register_pdf = RegisterPdf(assessment=agreed, state="ready", filename="register.pdf", size=len(PDF))
    register_pdf.file.save("register.pdf", ContentFile(PDF), save=False)
    register_pdf.save()
    return {
        "risk_assessment": agreed, "risk_draft_assessment": draft, "risk_a": risk_a, "risk_linked": risk_linked,
        "risk_council": risk_council, "risk_draft": risk_draft, "recommendation": recommendation,
        "sensitive_recommendation": sensitive_recommendation,
    }  # fmt: skip


def build_world():
    council = factories.OrganisationFactory(name="Northport City Council")
    org_a = factories.OrganisationFactory(name="Organisation A")
    org_b = factories.OrganisationFactory(name="Organisation B")
    admin = factories.UserFactory(role="admin", email="admin@example.org", person__organisation=council)
    partner_a = factories.UserFactory(role="partner", email="partner.a@example.org", person__organisation=org_a)
    partner_b = factories.UserFactory(role="partner", email="partner.b@example.org", person__organisation=org_b)
    # Someone who asked for a password reset: signing in would spend the link, so nobody here signs in as them.
    forgetful = factories.UserFactory(role="partner", email="forgetful@example.org", person__organisation=org_b)

    group = meeting_factories.GroupFactory(name="Channel Panel")
    meeting_factories.GroupMembershipFactory(group=group, person=partner_a.person)

    # An upcoming meeting with its agenda published: reply links still work.
    meeting = meeting_factories.MeetingFactory(status="agenda_published", title="Upcoming board")
    invitation = meeting_factories.InvitationFactory(meeting=meeting, person=partner_a.person)
    item = meeting_factories.AgendaItemFactory(meeting=meeting, title="Open item")
    confidential_item = meeting_factories.AgendaItemFactory(
        meeting=meeting, title="Channel case themes", confidential=True
    )
    paper = _upload(item, "Open paper", marking=Marking.OFFICIAL)
    sensitive_paper = _upload(item, "Sensitive paper", marking=Marking.OFFICIAL_SENSITIVE)
    confidential_paper = _upload(confidential_item, "Case paper", marking=Marking.OFFICIAL_SENSITIVE)
    # An OFFICIAL-SENSITIVE item on the upcoming meeting, with an OFFICIAL paper under it.
    sensitive_item = meeting_factories.AgendaItemFactory(
        meeting=meeting, title="Threat picture", marking=Marking.OFFICIAL_SENSITIVE
    )
    paper_under_sensitive = _upload(sensitive_item, "Paper under a sensitive item", marking=Marking.OFFICIAL)
    paper_under_confidential = _upload(confidential_item, "Open paper, secret item", marking=Marking.OFFICIAL)
    draft_minutes = services.minutes_start(meeting)  # a draft: editable, for admins only
    guest = services.guest_add(meeting, name="Visiting Speaker", organisation_name="Elsewhere")

    # A held meeting with approved, published minutes and an action for partner A.
    held = meeting_factories.MeetingFactory(past=True, title="Last board")
    meeting_factories.InvitationFactory(meeting=held, person=partner_a.person)
    held_item = meeting_factories.AgendaItemFactory(meeting=held, title="Held item")
    version = services.minutes_start(held)
    decision = services.decision_add(version, text="Agreed the plan", item=held_item)
    version = meeting_factories.approve_minutes(version)
    services.minutes_publish(version.minutes, version=version)
    action = meeting_factories.MeetingActionFactory(meeting=held, item=held_item, owner=partner_a.person)

    # Generated PDFs, ready (the world's transaction never commits, so no worker renders them).
    pdfs = {
        kind: _ready_pdf(meeting if kind.startswith("agenda") else held, kind, version)
        for kind in ("minutes_full", "minutes_public", "agenda_pack", "agenda_pack_public")
    }
    delivery = outbox.delivery_new("agenda", about=meeting, person=partner_a.person, meeting_id=meeting.pk)
    delivery.status = "failed"
    delivery.save()

    # A draft meeting only admins can see, with an item, a paper and an agenda pack already made.
    draft = meeting_factories.MeetingFactory(status="draft", title="Draft meeting")
    meeting_factories.InvitationFactory(meeting=draft, person=partner_a.person)
    draft_item = meeting_factories.AgendaItemFactory(meeting=draft, title="Draft item")
    draft_paper = _upload(draft_item, "Draft paper", marking=Marking.OFFICIAL)
    pdfs["draft_agenda_pack"] = _ready_pdf(draft, "agenda_pack", None)
    # A cancelled meeting partner A was invited to: partners may still know of it, the public may not.
    cancelled = meeting_factories.MeetingFactory(status="scheduled", title="Cancelled board")
    meeting_factories.InvitationFactory(meeting=cancelled, person=partner_a.person)
    cancelled_item = meeting_factories.AgendaItemFactory(meeting=cancelled, title="Cancelled item")
    cancelled_paper = _upload(cancelled_item, "Cancelled paper", marking=Marking.OFFICIAL)
    cancelled.status = "cancelled"  # after the agenda: a cancelled meeting's agenda cannot change
    cancelled.save(update_fields=["status"])

    services.standing_items_ensure(group)
    standing = StandingItem.objects.filter(group=group).first()

    join_request = member_factories.JoinRequestFactory()
    linked_body = member_factories.LinkedBodyFactory()
    terms = member_factories.TermsOfReferenceFactory(number=1)
    feed = services.calendar_feed_for(partner_a)

    # The action plan: partner A's organisation leads an action, partner A is its lead officer.
    plan = plan_factories.PlanFactory()
    priority = plan_factories.PriorityFactory(plan=plan)
    plan_action = plan_factories.ActionFactory(
        priority=priority, lead_organisation=org_a, lead_officer=partner_a.person
    )
    progress_return = returns.request_new(
        plan_returns.KIND, subject=plan_action, round=meeting, person=partner_a.person
    )
    progress_return.save()
    board_report = plan_services.board_report_create(
        period_start=plan.start_date, period_end=plan.end_date, linked_body=linked_body, plan=plan
    )
    for owner in ({"plan": plan}, {"board_report": board_report}):
        report_pdf = GeneratedReport(**owner, state="ready", filename="report.pdf", size=len(PDF))
        report_pdf.file.save("report.pdf", ContentFile(PDF), save=False)
        report_pdf.save()

    assurance = _assurance(plan)
    measures = _measures(plan_action, admin)
    duty = _duty_returns(org_a, partner_a.person, group)
    governance = _governance(held, held_item, group, partner_a, partner_b)
    risks = _risks((council, org_a), plan_action, held, partner_a)
    # Someone asked for their second factors to be reset; only another admin may approve it.
    factor_recovery = FactorRecovery.objects.create(user=forgetful, reason="Lost my phone")

    objects = SimpleNamespace(
        **assurance,
        **measures,
        **duty,
        **governance,
        **risks,
        council=council,
        org_a=org_a,
        org_b=org_b,
        person_a=partner_a.person,
        person_b=partner_b.person,
        group=group,
        meeting=meeting,
        invitation=invitation,
        item=item,
        confidential_item=confidential_item,
        paper=paper,
        sensitive_paper=sensitive_paper,
        confidential_paper=confidential_paper,
        guest=guest,
        plan=plan,
        priority=priority,
        plan_action=plan_action,
        progress_return=progress_return,
        board_report=board_report,
        pdfs=pdfs,
        delivery=delivery,
        draft_minutes=draft_minutes,
        held=held,
        minutes_version=version,
        decision=decision,
        action=action,
        draft=draft,
        draft_item=draft_item,
        draft_paper=draft_paper,
        cancelled=cancelled,
        cancelled_item=cancelled_item,
        cancelled_paper=cancelled_paper,
        sensitive_item=sensitive_item,
        paper_under_sensitive=paper_under_sensitive,
        paper_under_confidential=paper_under_confidential,
        standing=standing,
        join_request=join_request,
        factor_recovery=factor_recovery,
        linked_body=linked_body,
        terms=terms,
        feed_token=feed.token,
        reply_token=replies.make_token(invitation, "attending"),
        reset_uid=urlsafe_base64_encode(force_bytes(forgetful.pk)),
        reset_token=default_token_generator.make_token(forgetful),
        today=datetime.date.today(),
    )
    return World(users={"partner_a": partner_a, "partner_b": partner_b, "admin": admin}, objects=objects)
