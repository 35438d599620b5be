from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self):
        from common import need_to_know
        from common import redaction as common_redaction
        from members import dashboard
        from members.data_protection import register_anonymiser, register_subject_access
        from members.services import on_membership_closed
        from outbox.services import register_planner
        from returnrequests import registry

        from . import action_returns, data_protection, groups, panels, policy, redaction, reminders, selectors, services
        from .models import Meeting

        need_to_know.register(*policy.CONTENTS, audiences=[policy.INVITEE], sessionless=policy.SESSIONLESS)
        # Action owners record progress by the link in their action emails (the return-request engine's).
        registry.register(action_returns.KIND_REGISTRATION)

        on_membership_closed(services.person_links_revoke)
        on_membership_closed(groups.person_leave_meetings)
        register_subject_access("Meeting invitations and attendance", selectors.subject_access_invitations)
        register_subject_access("Meeting actions", selectors.subject_access_actions)
        register_subject_access("Emails sent", data_protection.deliveries_for_subject)
        register_anonymiser(data_protection.invitations_anonymise)
        register_anonymiser(data_protection.deliveries_anonymise)
        # Agenda reminders, reply chasers, updates, cancellations and action due/overdue reminders.
        register_planner(reminders.deliveries_plan)
        common_redaction.register(
            Meeting,
            label="meeting",
            texts=redaction.meeting_texts,
            after=redaction.meeting_after,
            url=redaction.meeting_url,
        )

        dashboard.register(
            roles={"partner"}, order=10, template="meetings/_panel_partner.html", context=panels.partner_context
        )
        dashboard.register(
            roles={"admin"},
            order=10,
            template="meetings/_panel_admin.html",
            context=panels.admin_context,
        )
        dashboard.register(
            roles={"admin"},
            order=15,
            template="meetings/_panel_minutes_awaiting.html",
            context=panels.minutes_awaiting_approval_context,
        )
        dashboard.register(
            roles={"public"}, order=10, template="meetings/_panel_public.html", context=panels.public_context
        )
