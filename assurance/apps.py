from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "assurance"
    verbose_name = "Prevent assurance"

    def ready(self):
        from common import need_to_know

        from . import policy

        need_to_know.register(*policy.CONTENTS)
