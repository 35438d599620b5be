"""What apps built on meetings may add to its pages without editing them. Each registers from its AppConfig.ready.

- **Sections** (`register_section`): a template and the context it needs, drawn on the meeting's page (after its
  agenda, for everyone who reads it) or on the minutes page, as home-page panels are added (`members.dashboard`).
- **Lines under an item of the minutes** (`register_item_lines`): HTML drawn under an item's notes and decisions,
  in the minutes page and both PDFs alike (they all print `selectors.minutes_record`). The function is given the
  meeting, the items as the minutes record them and the audience reading them, and runs a fixed number of queries
  for the whole meeting: it reads at each item's level for that audience, through the need-to-know table.

Nothing here knows what the apps add: a page with nothing registered is as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import get_template
from django.utils.safestring import mark_safe

PAGES = ("meeting", "minutes")


@dataclass(frozen=True)
class Section:
    page: str
    order: int
    template: str
    context: Callable  # (request, meeting) -> dict, or None to leave the section out


_sections: list[Section] = []
_item_lines: list[Callable] = []


def register_section(*, page, order, template, context):
    if page not in PAGES:
        raise ValueError(f"No such place for a section: {page}. Use one of {', '.join(PAGES)}.")
    section = Section(page, order, template, context)
    if section not in _sections:
        _sections.append(section)
        _sections.sort(key=lambda s: s.order)


def render_sections(page, context, meeting):
    """The HTML of the page's sections, each drawn in the page's own context with its context on top."""
    request = context.get("request")
    html = []
    for section in (s for s in _sections if s.page == page):
        extra = section.context(request, meeting)
        if extra is None:
            continue
        with context.push(extra):
            html.append(get_template(section.template).template.render(context))
    return mark_safe("".join(html))  # noqa: S308 - each part is a rendered template, escaped as it rendered


def register_item_lines(lines):
    """lines(meeting, items, aud) -> {item pk: HTML}: what to print under those items of the minutes."""
    if lines not in _item_lines:
        _item_lines.append(lines)
    return lines


def item_lines(meeting, items, aud):
    """Every registered app's lines, joined per item pk."""
    joined = {}
    for lines in _item_lines:
        for pk, html in lines(meeting, items, aud).items():
            joined[pk] = joined.get(pk, "") + html
    return {pk: mark_safe(html) for pk, html in joined.items()}  # noqa: S308 - rendered templates
