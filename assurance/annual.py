"""What apps above assurance add to the annual Prevent report, registered from their `AppConfig.ready`.

A section is markdown for one of the board report's fields (`BoardReport.SECTIONS`: the local risk assessment under
"Risk assessment and opportunities appraisal", partners' returns under "Additional information"), built for the
assessment's year. The report goes to boards as a PDF, so a section says totals only (themes and counts, figures
about people suppressed), never a record's own words; the draft is then the admin's to edit before approval.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from actionplans.models import BoardReport


@dataclass(frozen=True)
class Section:
    field: str
    heading: str
    build: Callable  # (period_start, period_end) -> markdown, "" when there is nothing to say
    order: int = 100


SECTIONS = {}


def register_annual_section(key, *, field, heading, build, order=100):
    if field not in dict(BoardReport.SECTIONS):
        raise ImproperlyConfigured(f"{key}: the board report has no section {field!r}")
    SECTIONS.setdefault(key, Section(field, heading, build, order))


def sections_for(start, end):
    """{field: markdown} from every registered section with something to say, in their order."""
    by_field = defaultdict(list)
    for section in sorted(SECTIONS.values(), key=lambda s: (s.order, s.heading)):
        text = (section.build(start, end) or "").strip()
        if text:
            by_field[section.field].append(f"**{section.heading}**\n\n{text}")
    return {field: "\n\n".join(parts) for field, parts in by_field.items()}
