from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    """Plan measures, on the top floor: it builds on action plans and feeds Prevent assurance (area 3) by registering
    its results as evidence, so it sits above both; nothing imports it. Everything it adds to the floors below is
    registered here."""

    name = "measures"
    verbose_name = "Plan measures"

    def ready(self):
        from actionplans import extend
        from assurance import sources
        from common import need_to_know
        from members import dashboard
        from members.data_protection import register_subject_access

        from . import exports, policy, selectors, services

        need_to_know.register(*policy.CONTENTS)
        register_subject_access("Plan results recorded", selectors.subject_access_results)
        register_subject_access("Plan RAG set by hand", selectors.subject_access_overrides)

        extend.on_progress_changed(services.progress_changed)
        extend.register_counted_within(selectors.sub_actions)
        extend.register_default_percent(services.default_percent)
        extend.register_csv_part(columns=exports.COLUMNS, rows=exports.rows)
        extend.register_section(
            page="action", order=10, template="measures/_action_section.html", context=selectors.action_section
        )
        extend.register_section(
            page="action_update", order=10, template="measures/_update_note.html", context=selectors.update_note
        )
        extend.register_section(
            page="plan", order=10, template="measures/_plan_section.html", context=selectors.plan_section
        )
        extend.register_section(
            page="dashboard", order=10, template="measures/_dashboard_section.html", context=selectors.dashboard_section
        )
        extend.register_section(
            page="progress", order=10, template="measures/_progress_section.html", context=selectors.progress_section
        )
        extend.register_section(
            page="plan_pdf", order=10, template="measures/_plan_pdf_section.html", context=selectors.plan_pdf_section
        )
        dashboard.register(
            roles={"admin"},
            order=35,
            template="measures/_panel_admin.html",
            context=lambda request: selectors.home_panel(request.user),
        )
        sources.register_source("measures.measurement", selectors.evidence_source())
