"""Governance's rows of the need-to-know table (`common.need_to_know`), registered in `GovernanceConfig.ready`.

- The register of interests is the partnership's own: admins and current members read it, the public never.
- A declaration at a meeting is read like the item it was made under, but never by the public: the register it
  draws on is not public, so the public minutes do not print it.
- The decision register is the decisions of the minutes, each read by the decisions' row (`meetings.policy`) at its
  item's level: its status and actions arising go with the decision, by the same row.
- A decision between meetings (a motion put in writing) is read by admins and the members asked to vote on it at
  every level; other partners and the public read it at OFFICIAL, as they read an OFFICIAL agenda item and its
  papers before a meeting (so its vote email, an unprotected channel, carries its words only when OFFICIAL). The
  decision register lists it once voting has closed. Who voted how: admins, and each voter their own vote; the
  totals once closed.
"""

from common.need_to_know import ADMIN, ALL, NONE, OFFICIAL_ONLY, PARTNER, PUBLIC, SHOWN, WITHHELD, Audience, Content
from meetings.policy import INVITEE

VOTER = Audience("voter", "a partner asked to vote on a decision between meetings (or their deputy)", narrows=PARTNER)

INTERESTS = Content(
    "register of interests (entries and annual confirmations)",
    {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: WITHHELD},
    notes={PARTNER: "current members"},
)
DECLARATIONS = Content(
    "declarations of interest at meetings",
    {ADMIN: ALL, INVITEE: ALL, PARTNER: OFFICIAL_ONLY, PUBLIC: NONE},
    graded="its agenda item's marking",
)
MOTIONS = Content(
    "decisions between meetings (motions, their papers and outcome)",
    {ADMIN: ALL, VOTER: ALL, PARTNER: OFFICIAL_ONLY, PUBLIC: OFFICIAL_ONLY},
    graded="its own marking",
    notes={PUBLIC: "the register lists it once voting has closed"},
)
VOTES = Content(
    "who voted how on decisions between meetings (the totals go with the motion once closed)",
    {ADMIN: SHOWN, VOTER: SHOWN, PARTNER: WITHHELD, PUBLIC: WITHHELD},
    notes={VOTER: "their own vote"},
)
CONTENTS = (INTERESTS, DECLARATIONS, MOTIONS, VOTES)
AUDIENCES = (VOTER,)
SESSIONLESS = (
    (
        "vote link",
        "casts one vote on one decision between meetings, once, while the vote is open and the member is still asked"
        " (the return-request engine's link); it shows the motion's words only where an email may carry them"
        " (`need_to_know.for_email`), else its title and a sign-in link.",
    ),
)
