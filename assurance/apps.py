from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "assurance"
    verbose_name = "Prevent assurance"

    def ready(self):
        from members import dashboard

        from . import selectors

        dashboard.register(
            roles={"admin"},
            order=40,
            template="assurance/_panel_admin.html",
            context=lambda request: selectors.home_panel_admin(),
        )
