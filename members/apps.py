from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Membership"

    def ready(self):
        from django.urls import reverse

        from common import need_to_know, redaction

        from . import (
            dashboard,
            policy,
            selectors,
            subject_access,  # noqa: F401 - registers members' own sections first (other apps' ready() run later)
        )
        from .models import JoinRequest, TermsOfReference

        need_to_know.register(*policy.CONTENTS)
        redaction.register(
            JoinRequest,
            label="application to join",
            texts=lambda r: [(r, ["name", "job_title", "organisation_name", "reason", "decline_reason"])],
            url=lambda r: reverse("members:join_request_detail", args=[r.pk]),
        )
        redaction.register(
            TermsOfReference,
            label="Terms of Reference version",
            texts=lambda t: [(t, ["body", "summary_of_changes"])],
            url=lambda t: reverse("members:terms_version", args=[t.number]),
        )

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
