"""Service-wide URLs: home, health, statutory pages and accounts. Names are not namespaced."""

from django.contrib.auth import views as auth_views
from django.urls import path

from common.access import login_required, public

from . import account_forms, audit_views, site_views, two_factor_views

urlpatterns = [
    path("", site_views.home, name="home"),
    path("healthz", site_views.healthz, name="healthz"),
    path("accessibility", site_views.accessibility, name="accessibility"),
    path("privacy", site_views.privacy, name="privacy"),
    path("audit/", audit_views.audit_trail, name="audit"),
    path("audit/subject-access/<int:person_id>", audit_views.subject_access, name="subject_access"),
    path(
        "audit/subject-access/<int:person_id>.pdf", audit_views.subject_access_pdf_download, name="subject_access_pdf"
    ),
    path("accounts/login/", public(site_views.LoginView.as_view()), name="login"),
    path("accounts/two-factor/", two_factor_views.second_factor, name="two_factor"),
    path("accounts/logout/", public(site_views.LogoutView.as_view()), name="logout"),
    path(
        "accounts/password-reset/",
        public(
            auth_views.PasswordResetView.as_view(
                form_class=account_forms.PasswordResetForm,
                email_template_name="emails/password_reset.txt",
                html_email_template_name="emails/password_reset.html",
                subject_template_name="emails/password_reset.subject.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/", public(auth_views.PasswordResetDoneView.as_view()), name="password_reset_done"
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        public(auth_views.PasswordResetConfirmView.as_view(form_class=account_forms.SetPasswordForm)),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/", public(auth_views.PasswordResetCompleteView.as_view()), name="password_reset_complete"
    ),
    path(
        "accounts/password/",
        login_required(auth_views.PasswordChangeView.as_view(form_class=account_forms.PasswordChangeForm)),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        login_required(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
]
