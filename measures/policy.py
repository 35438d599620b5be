"""Plan measures' rows of the need-to-know table (`common.need_to_know`), registered in `MeasuresConfig.ready`.

Measures, results and milestones are part of the plan: read by whoever reads their plan action (partners run the plan
together; drafts are the admins'), at the action's level. An evidence file is read at its own marking raised by the
action's. The highlight report is one of the plan's outputs, as its PDF is.
"""

from common.need_to_know import ADMIN, ALL, NONE, PARTNER, PUBLIC, SHOWN, WITHHELD, Content

MEASURES = Content(
    "plan measures, results, milestones and RAG overrides (with their reasons)",
    {ADMIN: ALL, PARTNER: ALL, PUBLIC: NONE},
    graded="the plan action's marking",
    notes={PARTNER: "approved and archived plans"},
)
RESULT_EVIDENCE = Content(
    "evidence files of plan results",
    {ADMIN: ALL, PARTNER: ALL, PUBLIC: NONE},
    graded="its own marking, raised by the plan action's",
    notes={PARTNER: "approved and archived plans"},
)
HIGHLIGHT_REPORTS = Content(
    "highlight reports (a plan's exceptions: red, amber, stale, milestones missed) and their PDFs",
    {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: WITHHELD},
    notes={ADMIN: "drafts too", PARTNER: "approved and archived plans"},
)
CONTENTS = (MEASURES, RESULT_EVIDENCE, HIGHLIGHT_REPORTS)
