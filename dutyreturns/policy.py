"""Partner returns' and Channel assurance's rows of the need-to-know table (`common.need_to_know`), registered in
`DutyReturnsConfig.ready`.

Totals only, never case data. A partner reads and enters its own organisation's returns; the Channel figures, panel
attendance and the assurance statement are for admins and the Channel panel's members; the referral pathway is a
public page. Counts that describe people are shown as "<5" when small, on every output (`suppression`), whoever
reads them.
"""

from common.need_to_know import ADMIN, PARTNER, PUBLIC, SHOWN, WITHHELD, Audience, Content

OWN = Audience(
    "own organisation", "a partner whose organisation the return or agreement is about (a current member)", PARTNER
)
PANEL = Audience("Channel panel member", "a partner who is a member of the Channel panel's group", PARTNER)

PARTNER_RETURNS = Content(
    "partner returns (Prevent lead, training per product, sector answers; counts of people as <5 when small)",
    {ADMIN: SHOWN, OWN: SHOWN, PARTNER: WITHHELD, PUBLIC: WITHHELD},
)
TRAINING_COVERAGE = Content(
    "training coverage heat map and late returns", {ADMIN: SHOWN, PARTNER: WITHHELD, PUBLIC: WITHHELD}
)
CHANNEL_FIGURES = Content(
    "Channel figures (counts on the national categories, <5 when small) and panel attendance by agency",
    {ADMIN: SHOWN, PANEL: SHOWN, PARTNER: WITHHELD, PUBLIC: WITHHELD},
)
CHANNEL_STATEMENT = Content(
    "Channel assurance statements (ratings, evidence, sign-off) and their PDFs",
    {ADMIN: SHOWN, PANEL: SHOWN, PARTNER: WITHHELD, PUBLIC: WITHHELD},
)
SHARING_AGREEMENTS = Content(
    "information-sharing agreements", {ADMIN: SHOWN, OWN: SHOWN, PARTNER: WITHHELD, PUBLIC: WITHHELD}
)
REFERRAL_PATHWAY = Content(
    "the referral pathway page (published versions)", {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: SHOWN}
)
CONTENTS = (
    PARTNER_RETURNS,
    TRAINING_COVERAGE,
    CHANNEL_FIGURES,
    CHANNEL_STATEMENT,
    SHARING_AGREEMENTS,
    REFERRAL_PATHWAY,
)
AUDIENCES = (OWN, PANEL)
