from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Declarations of interest, the decision register and decisions between meetings, on the top floor: it builds
    on members and meetings and feeds Prevent assurance (area 1: governance of the partnership) by registering
    its decisions as evidence, so it sits above them; nothing imports it. Everything it adds to the floors below is
    registered here."""

    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        from assurance import sources
        from common import need_to_know
        from meetings import extend
        from members import dashboard
        from members.data_protection import register_anonymiser, register_subject_access
        from outbox.services import register_planner
        from returnrequests import registry

        from . import data_protection, emails, panels, policy, selectors, services, votes

        need_to_know.register(*policy.CONTENTS, audiences=policy.AUDIENCES, sessionless=policy.SESSIONLESS)
        register_subject_access("Register of interests", selectors.subject_access_interests)
        register_subject_access("Declarations of interest at meetings", selectors.subject_access_declarations)
        register_subject_access("Votes on decisions between meetings", selectors.subject_access_votes)
        register_anonymiser(data_protection.anonymise)
        register_planner(emails.plan_confirmations)
        register_planner(services.motions_close_due)
        registry.register(votes.KIND_REGISTRATION)
        extend.register_item_lines(selectors.minutes_lines)
        extend.register_section(page="meeting", order=10, template="governance/_meeting_section.html",
                                context=panels.meeting_section)  # fmt: skip
        extend.register_section(page="minutes", order=10, template="governance/_minutes_section.html",
                                context=panels.minutes_section)  # fmt: skip
        dashboard.register(
            roles={"admin"}, order=40, template="governance/_panel_admin.html", context=panels.admin_panel
        )
        dashboard.register(roles={"partner"}, order=40, template="governance/_panel_partner.html",
                           context=panels.partner_panel)  # fmt: skip
        sources.register_source("governance.motion", selectors.evidence_source())
