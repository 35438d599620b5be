from django.apps import AppConfig


class RisksConfig(AppConfig):
    """The local risk assessment, on the top floor: it links risks to plan actions and assurance criteria and feeds
    Prevent assurance (area 2) by registering the assessment as evidence, so it sits above action plans and assurance;
    nothing imports it. Everything it adds to the floors below is registered here."""

    name = "risks"
    verbose_name = "Local risk assessment"

    def ready(self):
        from auditlog.registry import auditlog

        from assurance import annual as annual_report
        from assurance import sources
        from common import need_to_know
        from members import dashboard
        from members.data_protection import register_subject_access
        from outbox import services as outbox

        from . import annual, emails, policy, reminders, selectors  # noqa: F401 - emails registers its kinds
        from .models import Recommendation, RecommendationSource, Risk, RiskAssessment, Theme

        need_to_know.register(*policy.CONTENTS, audiences=[policy.RISK_OWNER])
        for model in (RiskAssessment, Theme, RecommendationSource):
            auditlog.register(model)
        auditlog.register(Risk, m2m_fields={"actions", "criteria"})
        auditlog.register(Recommendation, m2m_fields={"actions", "risks"})
        outbox.register_planner(reminders.plan)
        register_subject_access("Risks and recommendations owned", selectors.subject_access_risks)
        dashboard.register(
            roles={"admin", "partner"},
            order=37,
            template="risks/_panel.html",
            context=lambda request: selectors.home_panel(request.user),
        )
        sources.register_source("risks.riskassessment", selectors.evidence_source())
        annual_report.register_annual_section(
            "risks", field="risk_assessment", heading="The local risk assessment", build=annual.section
        )
