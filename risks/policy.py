"""The local risk assessment's rows of the need-to-know table (`common.need_to_know`), registered in
`RisksConfig.ready`.

A risk is read by admins, and by partners at the organisation that owns it or that leads a plan action answering it
(they have to act on it); other partners read the register's themes and counts only, and the public only a summary an
admin has published. Drafts are the admins' working copy. A risk is at its assessment's level (OFFICIAL-SENSITIVE
unless marked otherwise), so documents holding risks carry that marking on every page.
"""

from common.need_to_know import ADMIN, ALL, NONE, OFFICIAL_ONLY, PARTNER, PUBLIC, SHOWN, WITHHELD, Audience, Content

RISK_OWNER = Audience(
    "risk owner",
    "a partner at the organisation that owns the risk or leads a plan action linked to it",
    narrows=PARTNER,
)

RISKS = Content(
    "risks of the local risk assessment (title, sources, scores, controls, reasons, linked actions), its register"
    " PDF and CSV",
    {ADMIN: ALL, RISK_OWNER: ALL, PARTNER: NONE, PUBLIC: NONE},
    graded="the assessment's marking",
    notes={ADMIN: "drafts too", RISK_OWNER: "agreed and superseded assessments"},
)
REGISTER_SUMMARY = Content(
    "the local risk assessment's themes and counts (how many risks per theme and score band)",
    {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: WITHHELD},
    notes={ADMIN: "drafts too", PARTNER: "agreed and superseded assessments"},
)
PUBLIC_SUMMARY = Content(
    "the local risk assessment's public summary (themes, counts and an admin's words; never a risk's text)",
    {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: SHOWN},
    notes={PUBLIC: "once an admin publishes it", PARTNER: "once an admin publishes it"},
)
RECOMMENDATIONS = Content(
    "outside recommendations (CTLP references, national reviews, the Home Office's assurance letter) in our words",
    {ADMIN: ALL, PARTNER: OFFICIAL_ONLY, PUBLIC: NONE},
    graded="its own marking",
)
CONTENTS = (RISKS, REGISTER_SUMMARY, PUBLIC_SUMMARY, RECOMMENDATIONS)
