from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class OutboxConfig(AppConfig):
    name = "outbox"

    def ready(self):
        # Each app's `emails` module registers how its kinds of email are written (see outbox.services.renders).
        autodiscover_modules("emails")
