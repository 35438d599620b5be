from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

from common import need_to_know


class OutboxConfig(AppConfig):
    name = "outbox"

    def ready(self):
        # Each app's `emails` module registers how its kinds of email are written (see outbox.services.renders).
        autodiscover_modules("emails")
        # The emails page lists every email the app sent: names, addresses, subjects.
        need_to_know.register(
            need_to_know.Content(
                "emails sent (the emails page)",
                {
                    need_to_know.ADMIN: need_to_know.SHOWN,
                    need_to_know.PARTNER: need_to_know.WITHHELD,
                    need_to_know.PUBLIC: need_to_know.WITHHELD,
                },
            )
        )
