"""What apps built on action plans may add to them without editing them. Each registers from its AppConfig.ready.

- **Sections** (`register_section`): a template and the context it needs, drawn on one of the plan's pages or in its
  PDF, as home-page panels are added (`members.dashboard`). The places are `PAGES`.
- **When an action's progress changes** (`on_progress_changed`): told inside the transaction that saved an action's
  status or percent complete (an edit, a progress update), for apps that work something out from them.
- **Actions counted within another** (`register_counted_within`): actions that count towards another action (their
  parent) rather than on their own. Weighted roll-ups (the dashboard's progress and RAG by weight) leave them out:
  their parent carries them.
- **A status's usual percent** (`register_default_percent`): what a progress update giving a status and no percent
  complete takes.
- **Columns and rows of the plan's CSV** (`register_csv_part`).

Nothing here knows what the apps add: a page with no sections registered is as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

# Where sections go: an action's page, its progress update form, the plan's page, its dashboard, the "action plan
# progress" page for a meeting (the quarterly returns), and the plan's PDF (no request there).
PAGES = ("action", "action_update", "plan", "dashboard", "progress", "plan_pdf")


@dataclass(frozen=True)
class Section:
    page: str
    order: int
    template: str
    context: Callable  # (request or None, the page's record) -> dict, or None to leave the section out


_sections: list[Section] = []
_progress_listeners: list[Callable] = []
_counted_within: list[Callable] = []
_default_percents: list[Callable] = []
_csv_parts: list = []


def register_section(*, page, order, template, context):
    if page not in PAGES:
        raise ValueError(f"No such place for a section: {page}. Use one of {', '.join(PAGES)}.")
    section = Section(page, order, template, context)
    if section not in _sections:
        _sections.append(section)
        _sections.sort(key=lambda s: s.order)


def sections_on(page):
    """The sections registered for `page`, in order (`{% plan_sections %}` draws them)."""
    return [section for section in _sections if section.page == page]


def on_progress_changed(listener):
    """listener(action): called after an action's status or percent complete was saved, in the same transaction."""
    if listener not in _progress_listeners:
        _progress_listeners.append(listener)
    return listener


def progress_changed(action):
    for listener in _progress_listeners:
        listener(action)


def register_counted_within(actions):
    """actions(): a queryset of the actions that count within another action, not on their own."""
    if actions not in _counted_within:
        _counted_within.append(actions)


def counted_on_their_own():
    """A filter for the actions that count on their own in weighted roll-ups (every action unless an app says)."""
    q = Q()
    for actions in _counted_within:
        q &= ~Q(pk__in=actions().values("pk"))
    return q


def register_default_percent(percent_for):
    """percent_for(status): the percent complete an update giving that status and no percent takes, or None."""
    if percent_for not in _default_percents:
        _default_percents.append(percent_for)


def default_percent(status):
    for percent_for in _default_percents:
        percent = percent_for(status)
        if percent is not None:
            return percent
    return None


@dataclass(frozen=True)
class CsvPart:
    """Columns an app adds to the plan's CSV, after the plan's own.

    `rows(plan)` gives {action pk: [cells on the action's own row, (record, cells), (record, cells), ...]}: the cells
    for these columns on the action's row, then rows of their own after it (a record kind such as "Measure", and
    its cells), which repeat the action's priority and reference and leave the plan's other columns empty.
    """

    columns: tuple
    rows: Callable


def register_csv_part(*, columns, rows):
    part = CsvPart(tuple(columns), rows)
    if part not in _csv_parts:
        _csv_parts.append(part)
    return part


def csv_parts():
    return list(_csv_parts)
