"""The one way a task is queued after a write: `task.delay_on_commit(...)`, whatever the task.

Every task of the app is an `AfterCommitTask` (partnership/celery.py makes it the app's task class). Its
`delay_on_commit` queues the task once the transaction commits, as Celery's does, and never turns a page
into a 500 when the broker cannot be reached: the work is already recorded in the database (an outbox row
waiting to send, a PDF row being prepared), and the beat's sweeps do it once the broker is back. The request
hears of it (`work_waiting`), so the page can say so.
"""

import contextvars
import logging

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)

# The tasks a request could not queue; None outside a request (a worker, a management command).
_waiting = contextvars.ContextVar("work_waiting", default=None)


class AfterCommitTask(Task):
    def delay_on_commit(self, *args, **kwargs):
        """Queue this task once the current transaction commits (at once outside one)."""
        transaction.on_commit(lambda: self.wake(*args, **kwargs))

    def wake(self, *args, **kwargs):
        """Queue the task now; if the broker cannot be reached, log it and leave the work to the sweeps."""
        if self.app.conf.task_always_eager:
            # Run in-process (tests, the bench): a failure is the task's own and must show.
            return self.delay(*args, **kwargs)
        try:
            return self.delay(*args, **kwargs)
        except Exception:
            # Publishing has no logic of its own: whatever failed here, the task was not queued.
            logger.warning(
                "Could not queue %s: the broker is unreachable; the sweep will do it", self.name, exc_info=True
            )
            waiting = _waiting.get()
            if waiting is not None:
                waiting.append(self.name)
            return None


def collecting_waiting():
    """Start noting the tasks that could not be queued (one request); returns the token to `stop_collecting`."""
    return _waiting.set([])


def stop_collecting(token):
    _waiting.reset(token)


def work_waiting():
    """The names of the tasks this request could not queue (empty when all went)."""
    return list(_waiting.get() or [])
