from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Membership"

    def ready(self):
        from common import need_to_know

        from . import (
            dashboard,
            policy,
            selectors,
            subject_access,  # noqa: F401 - registers members' own sections first (other apps' ready() run later)
        )
        from .models import JoinRequest, TermsOfReference

        need_to_know.register(*policy.CONTENTS)

        dashboard.register(
            roles={"admin"},
            order=10,
            template="members/_panel_coverage.html",
            context=lambda request: {"gaps": selectors.coverage_gaps()},
        )
        dashboard.register(
            roles={"admin"},
            order=20,
            template="members/_panel_terms.html",
            context=lambda request: {"terms": TermsOfReference.objects.current()},
        )
        dashboard.register(
            roles={"admin"},
            order=30,
            template="members/_panel_join_requests.html",
            context=lambda request: {"pending": JoinRequest.objects.pending().count()},
        )
