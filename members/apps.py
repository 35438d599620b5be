from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

from common import stamps


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Membership"

    def ready(self):
        from . import dashboard, selectors
        from .models import JoinRequest, TermsOfReference

        dashboard.register(
            roles={"admin"},
            order=10,
            template="members/_panel_coverage.html",
            context=lambda request: {"gaps": selectors.coverage_gaps()},
            shared=True,
            watches=["members"],
        )
        dashboard.register(
            roles={"admin"},
            order=20,
            template="members/_panel_terms.html",
            context=lambda request: {"terms": TermsOfReference.objects.current()},
            shared=True,
            watches=["members"],
        )
        dashboard.register(
            roles={"admin"},
            order=30,
            template="members/_panel_join_requests.html",
            context=lambda request: {"pending": JoinRequest.objects.pending().count()},
            shared=True,
            watches=["members"],
        )
        # Every app's writes replace its stamp, which retires the cached pages and panels that read it.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(stamps.data_changed, dispatch_uid=f"stamps-{signal}")
