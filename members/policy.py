"""The membership's rows of the need-to-know table (`common.need_to_know`), registered in `MembersConfig.ready`."""

from common.need_to_know import ADMIN, PARTNER, PUBLIC, SHOWN, WITHHELD, Content

CONTACT_DETAILS = Content(
    "people's contact details",
    {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: WITHHELD},
    notes={ADMIN: "everyone, former members too", PARTNER: "current members of member organisations, in the directory"},
)
ORGANISATIONS = Content(
    "member organisations",
    {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: SHOWN},
    notes={ADMIN: "those that left too", PARTNER: "current members", PUBLIC: "current members, by sector"},
)
TERMS_OF_REFERENCE = Content("Terms of Reference", {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: SHOWN})
JOIN_REQUESTS = Content("applications to join", {ADMIN: SHOWN, PARTNER: WITHHELD, PUBLIC: WITHHELD})
AUDIT_ENTRIES = Content(
    "audit entries (the audit trail, change histories, subject access exports)",
    {ADMIN: SHOWN, PARTNER: WITHHELD, PUBLIC: WITHHELD},
)
CONTENTS = (CONTACT_DETAILS, ORGANISATIONS, TERMS_OF_REFERENCE, JOIN_REQUESTS, AUDIT_ENTRIES)
