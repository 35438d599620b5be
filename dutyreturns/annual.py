"""Partners' returns and the Channel panel in the annual Prevent report (`assurance.annual`): counts of
organisations, and Channel figures only as the year's totals with the same suppression as every other output."""

from collections import Counter

from .duty_returns import organisations_in_scope
from .models import PartnerReturn, ReturnPeriod
from .selectors import STATES, channel_year, coverage_grid, current_year, panel_attendance


def returns_section(start, end):
    periods = list(ReturnPeriod.objects.filter(end__gte=start, end__lte=end).order_by("start"))
    if not periods:
        return ""
    in_scope = organisations_in_scope().count()
    made = Counter(
        PartnerReturn.objects.filter(period__in=periods, organisation__in=organisations_in_scope()).values_list(
            "period_id", flat=True
        )
    )
    lines = [
        "| Return period | Organisations with the duty | Returns made |",
        "|---|---|---|",
        *(f"| {period.label} | {in_scope} | {made[period.pk]} |" for period in periods),
    ]
    states = Counter(
        cell["state"] for sector in coverage_grid(end)["sectors"] for row in sector["rows"] for cell in row["cells"]
        if cell["applies"]
    )  # fmt: skip
    coverage = ", ".join(f"{states[key]} {label.lower()}" for key, label in STATES.items() if states[key])
    if coverage:
        lines += ["", f"Prevent training at the year's end, by organisation and course: {coverage}."]
    return "\n".join(lines)


def channel_section(start, end):
    year = channel_year(current_year(start))
    if not year["quarters"]:
        return ""
    attendance = panel_attendance(current_year(start))
    lines = [
        f"Channel figures for the year, from the quarters keyed in ({len(year['quarters'])} of 4); counts from 1 to "
        "4 are shown as <5, and [c] marks a figure withheld so that a small number cannot be worked out.",
        "",
        "| Figure | Year |",
        "|---|---|",
        *(f"| {row['label']} | {row['total']} |" for row in year["figures"]),
    ]
    if attendance["configured"] and attendance["meetings"]:
        lines += ["", f"The panel met {len(attendance['meetings'])} times in the year."]
        if attendance["alerts"]:
            names = ", ".join(organisation.name for organisation in attendance["alerts"])
            lines.append(f"Agencies that missed the last two panels running: {names}.")
    return "\n".join(lines)
