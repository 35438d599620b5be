from django.apps import AppConfig


class DutyReturnsConfig(AppConfig):
    """Partner returns and Channel assurance, on the top floor: it builds on members, meetings (the Channel panel is a
    group) and the return-request engine, and feeds Prevent assurance (areas 5 and 6) by registering evidence
    sources, so it sits above all of them; nothing imports it. Everything it adds below is registered here."""

    name = "dutyreturns"
    verbose_name = "Partner returns and Channel assurance"

    def ready(self):
        from assurance import annual as annual_report
        from assurance import sources
        from common import need_to_know
        from members import dashboard
        from members.data_protection import register_subject_access
        from returnrequests import registry

        from . import annual, duty_returns, panel_metadata, panels, policy

        need_to_know.register(*policy.CONTENTS, audiences=policy.AUDIENCES)
        registry.register(duty_returns.KIND_REGISTRATION)
        panel_metadata.connect()
        register_subject_access("Prevent duty returns naming them as Prevent lead", panels.subject_access_leads)
        annual_report.register_annual_section(
            "dutyreturns.returns",
            field="additional_information",
            heading="Partners' returns",
            build=annual.returns_section,
        )
        annual_report.register_annual_section(
            "dutyreturns.channel",
            field="additional_information",
            heading="The Channel panel",
            build=annual.channel_section,
            order=110,
        )
        for key, source in panels.evidence_sources().items():
            sources.register_source(key, source)
        dashboard.register(roles={"admin"}, order=40, template="dutyreturns/_panel_admin.html",
                           context=lambda request: panels.admin_panel())  # fmt: skip
        dashboard.register(roles={"partner"}, order=40, template="dutyreturns/_panel_partner.html",
                           context=panels.partner_panel)  # fmt: skip
