"""Prevent assurance's rows of the need-to-know table (`common.need_to_know`), registered in `AssuranceConfig.ready`.

Evidence that links a record (a decision, minutes notes, a plan action) quotes it: it is shown to a reader only when
that record's own rule shows it to them, at the record's level when it is read, never by a title kept when it was
linked (`assurance.sources`).
"""

from common.need_to_know import ADMIN, ALL, NONE, OFFICIAL_ONLY, PARTNER, PUBLIC, SHOWN, WITHHELD, Content

CYCLES = Content(
    "Prevent assurance self-assessments (ratings, narratives, sign-offs)",
    {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: WITHHELD},
    notes={ADMIN: "every version, drafts too", PARTNER: "signed-off versions"},
)
CYCLE_SUMMARY = Content(
    "a self-assessment's public summary",
    {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: SHOWN},
    notes={PUBLIC: "once signed off and published"},
)
EVIDENCE_DOCUMENTS = Content(
    "assurance evidence documents (uploaded, with a marking)",
    {ADMIN: ALL, PARTNER: OFFICIAL_ONLY, PUBLIC: NONE},
    graded="its own marking",
)
LINKED_EVIDENCE = Content(
    "assurance evidence that links a record",
    {ADMIN: SHOWN, PARTNER: SHOWN, PUBLIC: WITHHELD},
    graded="the linked record's level when read",
    notes=dict.fromkeys((ADMIN, PARTNER), "where the linked record's own row shows it to them"),
)
CONTENTS = (CYCLES, CYCLE_SUMMARY, EVIDENCE_DOCUMENTS, LINKED_EVIDENCE)
