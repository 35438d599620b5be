from django.apps import AppConfig


class ActionPlansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self):
        from common import need_to_know
        from common import redaction as common_redaction
        from members import dashboard
        from members.data_protection import register_subject_access
        from returnrequests import registry

        from . import plan_returns, policy, redaction, selectors
        from .models import ActionPlan, BoardReport

        # Quarterly progress returns, on the return-request engine (which runs them on the outbox's sweep).
        registry.register(plan_returns.KIND_REGISTRATION)

        need_to_know.register(*policy.CONTENTS, sessionless=policy.SESSIONLESS)
        register_subject_access("Action plan actions led", selectors.subject_access_actions_led)
        register_subject_access("Action plan progress updates", selectors.subject_access_updates)
        common_redaction.register(
            ActionPlan,
            label="action plan",
            texts=redaction.plan_texts,
            after=redaction.plan_after,
            url=redaction.plan_url,
        )
        common_redaction.register(
            BoardReport,
            label="board report",
            texts=redaction.report_texts,
            after=redaction.report_after,
            url=redaction.report_url,
        )

        dashboard.register(
            roles={"admin"},
            order=30,
            template="actionplans/_panel_admin.html",
            context=lambda request: selectors.current_plan_summary(request.user),
        )
        dashboard.register(
            roles={"partner"},
            order=30,
            template="actionplans/_panel_partner.html",
            context=lambda request: selectors.home_panel_partner(request.user.organisation),
        )
        dashboard.register(
            roles={"public"},
            order=30,
            template="actionplans/_panel_public.html",
            context=lambda request: selectors.home_panel_public(),
        )
