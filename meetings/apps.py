from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self):
        from members import dashboard

        from . import panels

        dashboard.register(
            roles={"partner"}, order=10, template="meetings/_panel_partner.html", context=panels.partner_context
        )
        dashboard.register(
            roles={"admin"}, order=10, template="meetings/_panel_admin.html", context=panels.admin_context
        )
        dashboard.register(
            roles={"public"}, order=10, template="meetings/_panel_public.html", context=panels.public_context
        )
