from django.apps import AppConfig


def _admin_panel(request):
    from .selectors import current_plan_summary

    return current_plan_summary(request.user)


def _partner_panel(request):
    from django.db.models import Count, Q
    from django.utils import timezone

    from .models import Action, ActionPlan

    organisation = request.user.organisation
    if organisation is None:
        return {"organisation": None}
    counts = (
        Action.objects.open()
        .led_by(organisation)
        .filter(priority__plan__status=ActionPlan.Status.APPROVED)
        .aggregate(total=Count("id"), overdue=Count("id", filter=Q(due_date__lt=timezone.localdate())))
    )
    return {"organisation": organisation, **counts}


def _public_panel(request):
    from .models import ActionPlan

    return {"plan": ActionPlan.objects.published().only("year_label").first()}


class ActionPlansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self):
        from members import dashboard
        from members.data_protection import register_subject_access

        from . import selectors

        register_subject_access("Action plan actions led", selectors.subject_access_actions_led)
        register_subject_access("Action plan progress updates", selectors.subject_access_updates)

        dashboard.register(
            roles={"admin"},
            order=30,
            template="actionplans/_panel_admin.html",
            context=_admin_panel,
        )
        dashboard.register(
            roles={"partner"}, order=30, template="actionplans/_panel_partner.html", context=_partner_panel
        )
        dashboard.register(roles={"public"}, order=30, template="actionplans/_panel_public.html", context=_public_panel)
