"""Working out an action's RAG status and percent complete. Pure: no database here, so each rule is tested alone.

For an open action (not complete or cancelled):

- each measure with a result gives the RAG of its latest result against its thresholds;
- a milestone not done by its due date makes it amber at least;
- sub-actions roll up by weight: their RAG by weight (`actionplans.selectors.rag_by_weight`) counts as one more
  signal, and their weighted percent complete is the action's;
- the worst signal is its RAG; with no signal at all, what people entered stands;
- an admin's override, with its reason, wins over all of it.

Complete and cancelled actions keep what people entered: the app never closes or reopens an action.
"""

from dataclasses import dataclass
from typing import NamedTuple

from actionplans.models import Action
from actionplans.selectors import RAG_SCORES, rag_by_weight

ENTERED, WORKED_OUT, OVERRIDDEN = "entered", "worked out", "set by an admin"


@dataclass(frozen=True)
class Child:
    status: str
    percent: int
    weight: int


class Standing(NamedTuple):
    status: str
    percent: int
    how: str  # ENTERED, WORKED_OUT or OVERRIDDEN
    reasons: tuple = ()  # what made it so, in words


def worst(statuses):
    return max(statuses, key=RAG_SCORES.__getitem__)


def rolled_up_percent(children, otherwise):
    live = [c for c in children if c.status != Action.Status.CANCELLED]
    weight = sum(c.weight for c in live)
    if not weight:
        return otherwise
    return round(sum(c.weight * c.percent for c in live) / weight)


def work_out(*, entered_status, entered_percent, measure_rags=(), milestones_missed=0, children=(), override=""):
    """The action's Standing from what people entered, its measures' latest RAGs, how many of its milestones are
    missed, its sub-actions (Child) and an admin's override (a RAG status, or "")."""
    if entered_status in Action.CLOSED:
        return Standing(entered_status, entered_percent, ENTERED)
    percent = rolled_up_percent(children, entered_percent)
    signals, reasons = [], []
    for rag in measure_rags:
        signals.append(rag)
    if measure_rags:
        reasons.append(f"latest results: {', '.join(Action.RAG[r][0].lower() for r in measure_rags)}")
    if milestones_missed:
        signals.append(Action.Status.AT_RISK)
        reasons.append(f"{milestones_missed} milestone{'s' if milestones_missed != 1 else ''} missed")
    rolled = rag_by_weight((c.status, c.weight) for c in children if c.status != Action.Status.CANCELLED)
    if rolled:
        signals.append(rolled)
        reasons.append(f"sub-actions by weight: {Action.RAG[rolled][0].lower()}")
    if override:
        return Standing(override, percent, OVERRIDDEN, tuple(reasons))
    if signals:
        return Standing(worst(signals), percent, WORKED_OUT, tuple(reasons))
    return Standing(entered_status, percent, ENTERED)
