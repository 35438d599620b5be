from django.apps import AppConfig


class ReturnRequestsConfig(AppConfig):
    name = "returnrequests"
    verbose_name = "Return requests"

    def ready(self):
        from outbox.services import register_planner

        from . import services

        # One scheduler: the outbox's sweep runs every kind's planner, then sends and chases what is due.
        register_planner(services.requests_due)
