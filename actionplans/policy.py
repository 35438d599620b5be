"""The action plans' rows of the need-to-know table (`common.need_to_know`), registered in `ActionPlansConfig.ready`.

Partners run the plan together, so they read OFFICIAL-SENSITIVE plan actions; the public reads none of it, only a
summary an admin publishes.
"""

from common.need_to_know import ADMIN, ALL, NONE, PARTNER, PUBLIC, SHOWN, WITHHELD, Content

BY_ACTION = "the plan action's marking"

PLANS = Content(
    "action plans and their priorities",
    {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: WITHHELD},
    notes={ADMIN: "drafts too", PARTNER: "approved and archived plans"},
)
PLAN_SUMMARY = Content(
    "a plan's public summary", {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: SHOWN}, notes={PUBLIC: "once published"}
)
PLAN_ACTIONS = Content("plan actions", {ADMIN: ALL, PARTNER: ALL, PUBLIC: NONE}, graded=BY_ACTION)
PROGRESS_UPDATES = Content("progress updates", {ADMIN: ALL, PARTNER: ALL, PUBLIC: NONE}, graded=BY_ACTION)
PROGRESS_RETURNS = Content(
    "progress returns (who was asked, who has returned)", {ADMIN: SHOWN, PARTNER: WITHHELD, PUBLIC: WITHHELD}
)
BOARD_REPORTS = Content(
    "board reports (drafts, approved versions and their PDFs)", {ADMIN: SHOWN, PARTNER: WITHHELD, PUBLIC: WITHHELD}
)
CONTENTS = (PLANS, PLAN_SUMMARY, PLAN_ACTIONS, PROGRESS_UPDATES, PROGRESS_RETURNS, BOARD_REPORTS)
SESSIONLESS = (
    (
        "progress return link",
        "records one progress update on one plan action once (the return-request engine's link), while the action is"
        " open and the person it was sent to still leads it; it shows the action's words only where an email may carry"
        " them (`need_to_know.for_email`). A link from before the engine sends the holder to sign in, then to My"
        " actions.",
    ),
)
