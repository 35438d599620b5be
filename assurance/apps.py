from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "assurance"
    verbose_name = "Prevent assurance"

    def ready(self):
        from common import need_to_know
        from common import redaction as common_redaction
        from members import dashboard

        from . import policy, redaction, selectors
        from .models import AssessmentCycle

        need_to_know.register(*policy.CONTENTS)
        common_redaction.register(
            AssessmentCycle,
            label="self-assessment",
            texts=redaction.cycle_texts,
            after=redaction.cycle_after,
            url=redaction.cycle_url,
        )
        dashboard.register(
            roles={"admin"},
            order=40,
            template="assurance/_panel_admin.html",
            context=lambda request: selectors.home_panel_admin(),
        )
