import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")

# Every task queues after commit the one way (`delay_on_commit`), surviving a broker that is down.
app = Celery("partnership", task_cls="common.tasks:AfterCommitTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

from . import beat_lock  # noqa: E402, F401 - one beat at a time, however many are started
