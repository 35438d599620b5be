from celery import shared_task

from . import services


@shared_task
def progress_returns_daily():
    """Beat, daily: ask lead officers for quarterly returns and chase those who have not answered."""
    return services.progress_returns_due()
