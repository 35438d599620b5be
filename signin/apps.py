from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "signin"
    verbose_name = "Signing in"

    def ready(self):
        from members import site_views

        from . import views

        # Signing out here signs out at the single sign-on provider too, where it offers that.
        site_views.on_sign_out(views.sign_out_at_provider)
