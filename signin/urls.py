from django.urls import path

from . import account_views, views

app_name = "signin"

urlpatterns = [
    path("sso/", views.sso_start, name="sso_start"),
    path("sso/callback/", views.sso_callback, name="sso_callback"),
    path("", account_views.account, name="account"),
    path("sso/links/<int:pk>/remove/", account_views.provider_link_remove, name="provider_link_remove"),
    path("passkeys/<int:pk>/remove/", account_views.passkey_remove, name="passkey_remove"),
    path("backup-codes/", account_views.backup_codes_new, name="backup_codes_new"),
    path("second-factor-reset/", account_views.factor_recovery_request, name="factor_recovery_request"),
    path("second-factor-reset/cancel/", account_views.factor_recovery_cancel, name="factor_recovery_cancel"),
    path("second-factor-resets/", account_views.factor_recoveries, name="factor_recoveries"),
    path(
        "second-factor-resets/<int:pk>/approve/",
        account_views.factor_recovery_approve,
        name="factor_recovery_approve",
    ),
]
