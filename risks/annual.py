"""The local risk assessment's part of the annual Prevent report (`assurance.annual`): themes and counts only, what
every partner reads of the register, never a risk's own words."""

from django.utils import formats

from common.text import count_of

from .models import BANDS, RiskAssessment
from .selectors import open_counts, theme_counts


def _assessment_for(start, end):
    """The assessment of the report's year: the agreed version whose period overlaps it, else the latest draft."""
    overlapping = RiskAssessment.objects.filter(period_start__lte=end, period_end__gte=start)
    return (
        overlapping.filter(status=RiskAssessment.Status.AGREED).order_by("-period_start", "-number").first()
        or overlapping.exclude(status=RiskAssessment.Status.SUPERSEDED).order_by("-period_start", "-number").first()
    )


def section(start, end):
    assessment = _assessment_for(start, end)
    if assessment is None:
        return ""
    counts = theme_counts(assessment)
    if assessment.status == RiskAssessment.Status.AGREED and assessment.agreed_on:
        standing = f"agreed on {formats.date_format(assessment.agreed_on, 'j F Y')}"
    else:
        standing = "not yet agreed at a meeting"
    followed = open_counts(assessment)
    lines = [
        f"The partnership's local risk assessment for {assessment.period_label} (version {assessment.number}, "
        f"{standing}) holds {count_of(counts['total'], 'risk')} across "
        f"{count_of(len(counts['themes']), 'theme')}, drawn from the Counter Terrorism Local Profile, local "
        f"data and partners' insight. Of the open risks, {followed['past_review']} are past their review date and "
        f"{followed['no_action']} have no action in the partnership plan.",
        "",
        "| Theme | " + " | ".join(f"{label} (residual)" for _key, label, *_ in BANDS) + " | Total |",
        "|---|" + "---|" * (len(BANDS) + 1),
    ]
    for theme in counts["themes"]:
        lines.append(f"| {theme['theme']} | " + " | ".join(str(n) for n in theme["bands"]) + f" | {theme['total']} |")
    lines.append("| Total | " + " | ".join(str(n) for n in counts["band_totals"]) + f" | {counts['total']} |")
    return "\n".join(lines)
