from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Shared pieces below the apps; an app so its template tags (`common/templatetags`) load by name."""

    name = "common"
    verbose_name = "Shared"
