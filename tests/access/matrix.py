"""The access matrix: every named URL, how to build it from the shared world, and who gets what.

One `Entry` per URL name (plus extra cases where the answer depends on which record is asked for).
Expected answers, for a GET unless `method` says otherwise:

- `200` the page (or file) is served;
- `LOGIN` a redirect to the sign-in page (anonymous visitor on a signed-in page);
- `301` moved for good (the favicon, to its static file);
- `302` some other redirect (e.g. a one-time link forwarding to its form);
- `403` signed in without the role;
- `404` the record exists but must not be revealed to this user;
- `405` the URL only takes POST.

`tests/access/test_matrix.py` checks every cell; `python -m tests.access.render` prints docs/access-matrix.md.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from returnrequests import services as returns

LOGIN = "login"
ROLES = ("anonymous", "partner_a", "partner_b", "admin")
LABELS = {
    "anonymous": "anonymous",
    "partner_a": "partner A (invitee, owner)",
    "partner_b": "partner B",
    "admin": "admin",
}


@dataclass(frozen=True)
class Entry:
    name: str
    kwargs: Callable = field(default=lambda w: {}, repr=False)
    anonymous: object = 200
    partner_a: object = 200
    partner_b: object = 200
    admin: object = 200
    case: str = ""
    # POST-only endpoints: the answer to one POST per role, the data to post, and how to tell it worked.
    post: dict | None = None
    post_data: Callable = field(default=lambda w: {}, repr=False)

    @property
    def id(self):
        return f"{self.name}[{self.case}]" if self.case else self.name

    def expected(self, role):
        return getattr(self, role)


def public(name, kwargs=lambda w: {}, **extra):
    return Entry(name, kwargs, **extra)


def signed_in(name, kwargs=lambda w: {}, **extra):
    return Entry(name, kwargs, anonymous=LOGIN, **extra)


def admin_only(name, kwargs=lambda w: {}, **extra):
    return Entry(name, kwargs, anonymous=LOGIN, partner_a=403, partner_b=403, **extra)


def admin_post(name, kwargs=lambda w: {}, **extra):
    """A POST-only admin action: a GET is 405 for admins, refused for everyone else before the method matters."""
    return Entry(name, kwargs, anonymous=LOGIN, partner_a=403, partner_b=403, admin=405, **extra)


def pdf(kind):
    return lambda w: {"pk": w.pdfs[kind].pk, "filename": w.pdfs[kind].filename}


def pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _assessment(w):
    return {"pk": w.assurance_draft.pk, "assessment_pk": w.assurance_assessment.pk}


ENTRIES = [
    # Service pages and accounts ---------------------------------------------------------------
    public("home"),
    public("favicon", anonymous=301, partner_a=301, partner_b=301, admin=301),
    public("healthz"),
    public("accessibility"),
    public("privacy"),
    admin_only("audit"),
    admin_only("redact", lambda w: {"label": "meetings.meeting", "pk": w.held.pk}),
    admin_only("redact", lambda w: {"label": "meetings.paper", "pk": w.paper.pk}, case="not redactable", admin=404),
    admin_only("subject_access", lambda w: {"person_id": w.person_a.pk}),
    admin_only("subject_access_pdf", lambda w: {"person_id": w.person_a.pk}),
    public("login", partner_a=302, partner_b=302, admin=302),  # signed in already: sent home
    # Only an admin who has given just the password is asked; partners, and the matrix's admin (second factor
    # given), are sent on.
    signed_in("two_factor", partner_a=302, partner_b=302, admin=302),
    public("logout", anonymous=405, partner_a=405, partner_b=405, admin=405),
    public("password_reset"),
    public("password_reset_done"),
    public(
        "password_reset_confirm",
        lambda w: {"uidb64": w.reset_uid, "token": w.reset_token},
        anonymous=302,
        partner_a=302,
        partner_b=302,
        admin=302,
    ),
    public("password_reset_complete"),
    signed_in("password_change"),
    signed_in("password_change_done"),
    # Signing in beyond the password (the signin app). Single sign-on is off in this world, as in `make run`.
    public("signin:sso_start", anonymous=404, partner_a=404, partner_b=404, admin=404),
    public("signin:sso_callback", anonymous=404, partner_a=404, partner_b=404, admin=404),
    signed_in("signin:account"),
    signed_in("signin:provider_link_remove", lambda w: {"pk": 1}, partner_a=405, partner_b=405, admin=405),
    admin_post("signin:passkey_remove", lambda w: {"pk": 1}),
    admin_post("signin:backup_codes_new"),
    # Only an admin who has given just the first factor asks; everyone else is sent to their account page.
    signed_in("signin:factor_recovery_request", partner_a=302, partner_b=302, admin=302),
    signed_in("signin:factor_recovery_cancel", partner_a=405, partner_b=405, admin=405),
    admin_only("signin:factor_recoveries"),
    admin_post("signin:factor_recovery_approve", pk("factor_recovery")),
    # django-otp-webauthn's JSON endpoints: POST only; adding a passkey is for admins, using one for the signed in.
    admin_post("otp_webauthn:credential-registration-begin"),
    admin_post("otp_webauthn:credential-registration-complete"),
    signed_in("otp_webauthn:credential-authentication-begin", partner_a=405, partner_b=405, admin=405),
    signed_in("otp_webauthn:credential-authentication-complete", partner_a=405, partner_b=405, admin=405),
    public("otp_webauthn:js-i18n-catalog"),
    # Membership: council admins --------------------------------------------------------------
    admin_only("members:people"),
    admin_only("members:people_export"),
    admin_only("members:people_import"),
    admin_only("members:people_import_template"),
    admin_only("members:person_create"),
    admin_only("members:person_detail", pk("person_a")),
    admin_only("members:person_edit", pk("person_a")),
    admin_only("members:person_end", pk("person_a")),
    admin_post("members:person_invite", pk("person_a")),
    admin_post("members:person_login_close", pk("person_a")),
    admin_only("members:person_erase", pk("person_a")),
    admin_only("members:organisations"),
    admin_only("members:organisations_export"),
    admin_only("members:organisations_import"),
    admin_only("members:organisations_import_template"),
    admin_only("members:organisation_create"),
    admin_only("members:organisation_detail", pk("org_a")),
    admin_only("members:organisation_edit", pk("org_a")),
    admin_only("members:organisation_leave", pk("org_a")),
    admin_only("members:coverage"),
    admin_only("members:linked_bodies"),
    admin_only("members:linked_body_create"),
    admin_only("members:linked_body_edit", pk("linked_body")),
    admin_only("members:terms_new"),
    admin_only("members:join_requests"),
    admin_only("members:join_request_detail", pk("join_request")),
    admin_post("members:join_request_approve", pk("join_request")),
    admin_post("members:join_request_decline", pk("join_request")),
    # Membership: partners and the public ------------------------------------------------------
    signed_in("members:directory"),
    signed_in("members:my_details"),
    public("members:public_organisations"),
    public("members:terms"),
    public("members:terms_version", lambda w: {"number": w.terms.number}),
    public("members:join"),
    public("members:join_sent"),
    # Meetings: lists and public pages ---------------------------------------------------------
    signed_in("meetings:index"),
    public("meetings:public_index"),
    public("meetings:public_minutes", pk("held")),
    public("meetings:public_minutes", pk("meeting"), case="no minutes published", **dict.fromkeys(ROLES, 404)),
    admin_only("meetings:create"),
    admin_only("meetings:schedule_year"),
    admin_only("meetings:groups"),
    admin_only("meetings:group_add"),
    admin_only("meetings:group_detail", pk("group")),
    admin_only("meetings:group_edit", pk("group")),
    admin_only("meetings:main_board_members", admin=302),
    # Destructive actions: a GET asks the admin to confirm (common/confirm.py); the POST acts.
    admin_only("meetings:group_member_remove", lambda w: {"pk": w.group.pk, "person_pk": w.person_a.pk}),
    admin_only("meetings:standing_items", admin=302),  # the main board's list
    admin_only("meetings:group_standing_items", pk("group")),
    admin_only("meetings:standing_item_add", pk("group")),
    admin_only("meetings:standing_item_edit", pk("standing")),
    admin_only("meetings:standing_item_remove", pk("standing")),
    admin_only("meetings:invitation_remove", pk("invitation")),
    admin_only("meetings:action_log"),
    signed_in("meetings:my_actions"),
    admin_only("meetings:action_edit", pk("action")),
    # Partner B can see the action on the meeting page, so refusing it reveals nothing: 403.
    signed_in("meetings:action_done", pk("action"), partner_b=403),
    signed_in("meetings:action_progress", pk("action"), partner_b=403),
    admin_only("meetings:attendance_report"),
    signed_in("meetings:calendar_feed"),
    public("meetings:feed", lambda w: {"token": w.feed_token}),
    public("meetings:feed", lambda w: {"token": "not-a-token"}, case="unknown token", **dict.fromkeys(ROLES, 404)),
    public("meetings:reply", lambda w: {"token": w.reply_token}),
    # Meetings: agenda, papers, attendance, minutes ---------------------------------------------
    admin_only("meetings:agenda", pk("meeting")),
    admin_only("meetings:item_edit", pk("item")),
    admin_post("meetings:item_move", pk("item")),
    admin_only("meetings:item_delete", pk("item")),
    admin_only("meetings:paper_upload", pk("item")),
    signed_in("meetings:paper_download", pk("paper")),
    signed_in("meetings:paper_download", pk("sensitive_paper"), case="OFFICIAL-SENSITIVE", partner_b=404),
    signed_in("meetings:paper_download", pk("confidential_paper"), case="confidential item", partner_b=404),
    admin_only("meetings:paper_delete", pk("paper")),
    # Generated PDFs: a public route, so the queryset decides; 404 rather than 403 so nothing leaks.
    public("meetings:pdf_download", pdf("minutes_public"), case="public minutes"),
    public("meetings:pdf_download", pdf("minutes_full"), case="full minutes", anonymous=404, partner_b=404),
    public("meetings:pdf_download", pdf("agenda_pack_public"), case="public agenda pack"),
    public("meetings:pdf_download", pdf("agenda_pack"), case="full agenda pack", anonymous=404, partner_b=404),
    admin_post("meetings:pdf_retry", lambda w: {"pk": w.pdfs["minutes_full"].pk}),
    admin_post("outbox:send_again", pk("delivery")),
    admin_only("outbox:deliveries"),
    admin_post("meetings:agenda_pack_prepare", pk("meeting")),
    admin_only("meetings:deliveries", pk("meeting")),
    admin_only("meetings:decision_delete", pk("decision")),
    admin_only("meetings:guest_delete", pk("guest")),
    signed_in("meetings:detail", pk("meeting")),
    signed_in("meetings:detail", pk("draft"), case="draft meeting", partner_a=404, partner_b=404),
    signed_in("meetings:actions", pk("meeting")),
    signed_in("meetings:actions", pk("draft"), case="draft meeting", partner_a=404, partner_b=404),
    admin_only("meetings:edit", pk("meeting")),
    admin_only("meetings:status", pk("meeting")),
    admin_only("meetings:publish", pk("meeting")),
    signed_in("meetings:ics", pk("meeting")),
    signed_in("meetings:ics", pk("draft"), case="draft meeting", partner_a=404, partner_b=404),
    admin_only("meetings:item_add", pk("meeting")),
    admin_only("meetings:invitees", pk("meeting")),
    signed_in("meetings:my_reply", pk("meeting"), partner_a=405, partner_b=405, admin=405),
    admin_only("meetings:attendance", pk("held")),
    admin_post("meetings:guest_add", pk("meeting")),
    admin_only("meetings:action_add", pk("held")),
    # Approved minutes are read by every partner (confidential items withheld from those not invited).
    signed_in("meetings:minutes", pk("held")),
    signed_in("meetings:minutes_version", lambda w: {"pk": w.held.pk, "number": 1}),
    admin_post("meetings:minutes_start", pk("held")),
    signed_in("meetings:minutes", pk("meeting"), case="draft", partner_a=404, partner_b=404),
    admin_only("meetings:minutes_edit", pk("meeting"), case="draft"),
    admin_only("meetings:minutes_edit", pk("held"), admin=302),  # approved minutes: back to the minutes page
    admin_post("meetings:minutes_transition", pk("held")),
    admin_only("meetings:minutes_correct", pk("held")),
    admin_post("meetings:decision_add", pk("held")),
    # Meeting-scoped pages by the meeting's state and the item's grading. Partner A is invited to the draft and
    # the cancelled meeting: a draft is the admins' working copy all the same; a cancelled meeting stays known
    # to partners (not to the public), with nothing more to read.
    signed_in("meetings:minutes", pk("draft"), case="draft meeting", partner_a=404, partner_b=404),
    public("meetings:public_minutes", pk("draft"), case="draft meeting", **dict.fromkeys(ROLES, 404)),
    public(
        "meetings:pdf_download",
        pdf("draft_agenda_pack"),
        case="draft meeting agenda pack",
        **dict.fromkeys(("anonymous", "partner_a", "partner_b"), 404),
    ),
    signed_in("meetings:paper_download", pk("draft_paper"), case="draft meeting", partner_a=404, partner_b=404),
    admin_only("meetings:agenda", pk("draft"), case="draft meeting"),
    admin_only("meetings:item_edit", pk("draft_item"), case="draft meeting"),
    admin_only("meetings:invitees", pk("draft"), case="draft meeting"),
    admin_only("meetings:attendance", pk("draft"), case="draft meeting"),
    signed_in(
        "actionplans:progress_for_meeting",
        lambda w: {"meeting_id": w.draft.pk},
        case="draft meeting",
        partner_a=404,
        partner_b=404,
    ),
    signed_in("meetings:detail", pk("cancelled"), case="cancelled meeting"),
    signed_in("meetings:actions", pk("cancelled"), case="cancelled meeting"),
    signed_in("meetings:ics", pk("cancelled"), case="cancelled meeting"),
    signed_in("meetings:minutes", pk("cancelled"), case="cancelled meeting", partner_a=404, partner_b=404),
    public("meetings:public_minutes", pk("cancelled"), case="cancelled meeting", **dict.fromkeys(ROLES, 404)),
    signed_in("meetings:paper_download", pk("cancelled_paper"), case="cancelled meeting"),
    admin_only("meetings:invitees", pk("cancelled"), case="cancelled meeting"),
    admin_only("meetings:attendance", pk("cancelled"), case="cancelled meeting"),
    signed_in("actionplans:progress_for_meeting", lambda w: {"meeting_id": w.cancelled.pk}, case="cancelled meeting"),
    admin_only("meetings:item_edit", pk("confidential_item"), case="confidential item"),
    signed_in(
        "meetings:paper_download",
        pk("paper_under_confidential"),
        case="OFFICIAL paper, confidential item",
        partner_b=404,
    ),
    admin_only("meetings:item_edit", pk("sensitive_item"), case="OFFICIAL-SENSITIVE item"),
    signed_in(
        "meetings:paper_download",
        pk("paper_under_sensitive"),
        case="OFFICIAL paper, OFFICIAL-SENSITIVE item",
        partner_b=404,
    ),
    # Action plans (issue 6). The world's plan is approved, so it is locked: edits go back to the plan (302).
    signed_in("actionplans:index"),
    admin_only("actionplans:plan_create"),
    signed_in("actionplans:my_actions"),
    public("actionplans:public_summary"),
    admin_only("actionplans:returns"),
    # A link from before returns moved to the engine: to the partner's own actions.
    signed_in(
        "actionplans:progress_return", lambda w: {"token": "an-old-token"}, partner_a=302, partner_b=302, admin=302
    ),
    # The return-request engine: the signed link works for whoever holds it, without signing in (as replies do).
    public("returnrequests:respond", lambda w: {"token": returns.link_token(w.progress_return)}),
    admin_only("returnrequests:overview"),
    admin_post("returnrequests:ask_now"),
    admin_post("returnrequests:chase_now"),
    signed_in("actionplans:progress_for_meeting", lambda w: {"meeting_id": w.meeting.pk}),
    signed_in("actionplans:plan", pk("plan")),
    admin_only("actionplans:plan_edit", pk("plan"), admin=302),
    signed_in("actionplans:dashboard", pk("plan")),
    signed_in("actionplans:plan_csv", pk("plan")),
    signed_in("actionplans:plan_pdf", pk("plan")),
    signed_in("actionplans:plan_pdf_prepare", pk("plan"), partner_a=405, partner_b=405, admin=405),
    admin_only("actionplans:plan_approve", pk("plan")),
    admin_only("actionplans:plan_reopen", pk("plan")),
    admin_only("actionplans:plan_history", pk("plan")),
    admin_only("actionplans:plan_archive", pk("plan")),
    admin_only("actionplans:plan_roll_over", pk("plan"), admin=302),
    admin_only("actionplans:plan_publish", pk("plan")),
    admin_only("actionplans:priority_create", lambda w: {"plan_pk": w.plan.pk}, admin=302),
    admin_only("actionplans:priority_edit", pk("priority"), admin=302),
    admin_only("actionplans:action_create", lambda w: {"priority_pk": w.priority.pk}, admin=302),
    signed_in("actionplans:action", pk("plan_action")),
    admin_only("actionplans:action_edit", pk("plan_action"), admin=302),
    signed_in("actionplans:action_update", pk("plan_action"), partner_b=403),
    admin_only("actionplans:board_reports"),
    admin_only("actionplans:board_report_create"),
    admin_only("actionplans:board_report", pk("board_report")),
    admin_only("actionplans:board_report_edit", pk("board_report")),
    admin_only("actionplans:board_report_approve", pk("board_report"), admin=302),
    admin_only("actionplans:board_report_pdf", pk("board_report")),
    admin_post("actionplans:board_report_pdf_prepare", pk("board_report")),
    admin_only(
        "actionplans:board_report_version_pdf", lambda w: {"pk": w.board_report.pk, "number": 1}, admin=404
    ),  # a draft report has no approved version 1 yet,
    # Plan measures (issue 27). The world's plan is approved: measures and milestones are part of it, so their edits go
    # back to the action (302); results, milestones done and the RAG set by hand are progress.
    admin_only("measures:plan_import"),
    admin_only("measures:status_percents_edit"),
    signed_in("measures:highlight", pk("plan")),
    signed_in("measures:highlight_pdf", pk("plan")),
    signed_in("measures:highlight_pdf_prepare", pk("plan"), partner_a=405, partner_b=405, admin=405),
    admin_only("measures:measure_create", pk("plan_action"), admin=302),
    admin_only("measures:milestone_create", pk("plan_action"), admin=302),
    admin_only("measures:tracking_edit", pk("plan_action"), admin=302),
    admin_only("measures:rag_override", pk("plan_action")),
    admin_only("measures:measure_edit", pk("measure"), admin=302),
    admin_only("measures:measure_delete", pk("measure"), admin=302),
    signed_in("measures:result_create", pk("measure"), partner_b=403),
    signed_in("measures:result_evidence", pk("measurement")),
    admin_only("measures:result_remove", pk("measurement")),
    admin_only("measures:milestone_edit", pk("milestone"), admin=302),
    signed_in("measures:milestone_done", pk("milestone"), partner_b=403),
    admin_only("measures:milestone_delete", pk("milestone"), admin=302),
    # Partner returns and Channel assurance (issue 26): partner A's organisation made the world's return and partner A
    # sits on the Channel panel; partner B neither.
    signed_in("dutyreturns:index"),
    signed_in("dutyreturns:create", admin=404),  # an admin names the organisation (?organisation=)
    signed_in("dutyreturns:detail", pk("duty_return"), partner_b=404),
    signed_in("dutyreturns:edit", pk("duty_return"), partner_b=404),
    admin_only("dutyreturns:coverage"),
    admin_only("dutyreturns:late"),
    signed_in("dutyreturns:channel", partner_b=403),
    signed_in("dutyreturns:channel_csv", partner_b=403),
    admin_only("dutyreturns:quarter_create"),
    admin_only("dutyreturns:quarter_edit", pk("channel_quarter")),
    signed_in("dutyreturns:statement", lambda w: {"year": w.statement_year}, partner_b=403),
    admin_only("dutyreturns:statement_edit", lambda w: {"year": w.statement_year}),
    admin_only("dutyreturns:statement_sign", lambda w: {"year": w.statement_year}),
    signed_in("dutyreturns:statement_pdf", lambda w: {"year": w.statement_year}, partner_b=403),
    public("dutyreturns:pathway"),
    admin_only("dutyreturns:pathway_publish"),
    signed_in("dutyreturns:agreements"),
    admin_only("dutyreturns:agreement_create"),
    admin_only("dutyreturns:agreement_edit", pk("agreement")),
    # Governance (issue 28): the decision register for members and its public version; the register of interests for
    # members and admins, each member editing their own; declarations for admins; decisions between meetings for
    # members and, when OFFICIAL, the public; voted by those asked.
    signed_in("governance:register"),
    signed_in("governance:register_csv"),
    public("governance:public_register"),
    public("governance:public_register_csv"),
    admin_only("governance:decision_status", pk("decision")),
    signed_in("governance:interests"),
    signed_in("governance:my_interests"),
    signed_in("governance:interest_add", admin=404),  # an admin keeps no register: not a member
    signed_in("governance:interest_edit", pk("gov_interest"), partner_b=404, admin=404),
    signed_in("governance:interests_confirm", partner_a=405, partner_b=405, admin=405),
    admin_post("governance:confirmations_ask"),
    admin_only("governance:meeting_declarations", pk("held")),
    admin_post("governance:declaration_remove", pk("gov_declaration")),
    signed_in("governance:motions"),
    admin_only("governance:motion_new"),
    public("governance:motion", pk("gov_motion")),  # OFFICIAL: the public's, as an OFFICIAL agenda item
    public("governance:motion", pk("gov_closed"), case="closed"),
    public("governance:motion_paper", pk("gov_motion")),
    signed_in("governance:motion_vote", pk("gov_motion"), partner_a=405, partner_b=405, admin=405),
    admin_post("governance:motion_close", pk("gov_motion")),
    admin_post("governance:motion_ratify", pk("gov_closed")),
    # The local risk assessment (issue 25). Partner A's organisation owns R1 and leads the action answering R2; R3 is
    # the council's, tied to nothing of A's. Agreed assessments are not edited (admins are sent back, 302).
    signed_in("risks:index"),
    public("risks:public_summary"),
    admin_only("risks:assessment_create"),
    signed_in("risks:assessment", pk("risk_assessment")),
    signed_in("risks:assessment", pk("risk_draft_assessment"), partner_a=404, partner_b=404, case="draft"),
    admin_only("risks:assessment_edit", pk("risk_draft_assessment")),
    admin_only("risks:assessment_edit", pk("risk_assessment"), admin=302, case="agreed"),
    admin_only("risks:assessment_agree", pk("risk_draft_assessment")),
    admin_post("risks:assessment_new_version", pk("risk_assessment")),
    admin_only("risks:assessment_publish", pk("risk_assessment")),
    admin_only("risks:register_csv", pk("risk_assessment")),
    admin_only("risks:register_pdf", pk("risk_assessment")),
    admin_post("risks:register_pdf_prepare", pk("risk_assessment")),
    admin_only("risks:risk_create", pk("risk_draft_assessment")),
    admin_only("risks:risks_import", pk("risk_draft_assessment")),
    signed_in("risks:risk", pk("risk_council"), partner_a=404, partner_b=404),
    signed_in("risks:risk", pk("risk_a"), partner_b=404, case="owned"),
    signed_in("risks:risk", pk("risk_linked"), partner_b=404, case="answered by an action A leads"),
    signed_in("risks:risk", pk("risk_draft"), partner_a=404, partner_b=404, case="draft"),
    admin_only("risks:risk_edit", pk("risk_draft")),
    admin_only("risks:risk_edit", pk("risk_a"), admin=302, case="agreed"),
    admin_only("risks:risk_delete", pk("risk_draft")),
    signed_in("risks:recommendations"),
    admin_only("risks:recommendation_create"),
    admin_only("risks:source_create"),
    signed_in("risks:recommendation", pk("recommendation")),
    signed_in("risks:recommendation", pk("sensitive_recommendation"), partner_a=404, partner_b=404, case="sensitive"),
    admin_only("risks:recommendation_edit", pk("recommendation")),
    admin_only("risks:recommendation_action", pk("sensitive_recommendation")),
    # Prevent assurance (issue 17): admins edit; partners read a signed-off assessment; the public a published summary.
    signed_in("assurance:index"),
    admin_only("assurance:cycle_start"),
    public("assurance:public_summary"),
    admin_only("assurance:frameworks"),
    admin_only("assurance:framework_import"),
    signed_in("assurance:cycle", pk("assurance_draft"), case="draft", partner_a=404, partner_b=404),
    signed_in("assurance:cycle", pk("assurance_signed"), case="signed off"),
    admin_only("assurance:assessment", _assessment),
    admin_only("assurance:evidence_picker", _assessment),
    admin_only("assurance:evidence_upload", _assessment),
    admin_post("assurance:gap_action", _assessment),
    admin_post("assurance:evidence_propose", pk("assurance_draft")),
    admin_only("assurance:gaps", pk("assurance_draft")),
    admin_only("assurance:history", pk("assurance_draft")),
    admin_post("assurance:submit", pk("assurance_draft")),
    admin_post("assurance:reopen", pk("assurance_draft")),
    admin_only("assurance:sign_off", pk("assurance_draft")),
    admin_only("assurance:correct", pk("assurance_signed")),
    admin_only("assurance:publish", pk("assurance_signed")),
    signed_in("assurance:return", pk("assurance_signed")),
    signed_in("assurance:return", pk("assurance_draft"), case="draft", partner_a=404, partner_b=404),
    signed_in("assurance:return_xlsx", pk("assurance_signed")),
    signed_in("assurance:return_xlsx", pk("assurance_draft"), case="draft", partner_a=404, partner_b=404),
    admin_only("assurance:return_pdf", pk("assurance_signed"), admin=302),  # not prepared yet: back to the return
    admin_post("assurance:return_pdf_prepare", pk("assurance_signed")),
    admin_only("assurance:annual_report", pk("assurance_signed")),
    admin_post("assurance:evidence_decide", pk("assurance_evidence")),
    admin_only("assurance:evidence_remove", pk("assurance_evidence")),
    signed_in("assurance:evidence_document", pk("assurance_evidence")),
]


@dataclass(frozen=True)
class PostCase:
    """One POST per role to a sensitive endpoint; `intact(world)` is true while the refused change has not happened."""

    name: str
    kwargs: Callable = field(repr=False)
    data: Callable = field(repr=False)
    intact: Callable = field(repr=False)
    anonymous: object = LOGIN
    partner_a: object = 403
    partner_b: object = 403
    admin: object = 302
    case: str = ""

    @property
    def id(self):
        return f"POST {self.name}[{self.case}]" if self.case else f"POST {self.name}"

    def expected(self, role):
        return getattr(self, role)


def _reload(obj):
    return type(obj).objects.filter(pk=obj.pk).first()


POSTS = [
    PostCase(
        "signin:factor_recovery_approve",
        pk("factor_recovery"),
        lambda w: {},
        lambda w: _reload(w.factor_recovery).status == "pending",
    ),
    PostCase(
        "meetings:publish",
        pk("meeting"),
        lambda w: {},
        lambda w: _reload(w.meeting).agenda_published_at == w.meeting.agenda_published_at,
    ),
    PostCase(
        "meetings:minutes_transition",
        pk("held"),
        lambda w: {"action": "unpublish"},
        lambda w: _reload(w.minutes_version.minutes).published_version_id is not None,
    ),
    PostCase("meetings:paper_delete", pk("paper"), lambda w: {}, lambda w: _reload(w.paper) is not None),
    PostCase("meetings:item_delete", pk("item"), lambda w: {}, lambda w: _reload(w.item) is not None),
    PostCase(
        "meetings:action_done",
        pk("action"),
        lambda w: {"completion_note": "Done it", "version": w.action.version},
        lambda w: _reload(w.action).status == "open",
        partner_a=302,  # the owner
    ),
    PostCase(
        "meetings:action_progress",
        pk("action"),
        lambda w: {"note": "Half done"},
        lambda w: not _reload(w.action).progress.exists(),
        partner_a=302,  # the owner
    ),
    PostCase(
        "meetings:my_reply",
        pk("meeting"),
        lambda w: {"reply": "apologies"},
        lambda w: _reload(w.invitation).reply != "apologies",
        partner_a=302,  # the invitee
        partner_b=404,  # not invited: no invitation to answer, and none revealed
        admin=404,  # admins are not invited either
    ),
    PostCase(
        "members:join_request_approve",
        pk("join_request"),
        lambda w: {},
        lambda w: _reload(w.join_request).is_pending,
        admin=400,  # approving needs the form filled in: the page comes back with its errors, as a 400
    ),
    PostCase(
        "measures:result_remove",
        pk("measurement"),
        lambda w: {},
        lambda w: _reload(w.measurement) is not None,
    ),
    PostCase(
        "measures:rag_override",
        pk("plan_action"),
        lambda w: {"status": "off_track", "reason": "Forced"},
        lambda w: _reload(w.tracking).override_status == "on_track",
    ),
    PostCase(
        "measures:milestone_done",
        pk("milestone"),
        lambda w: {"done_on": w.today.isoformat()},
        lambda w: _reload(w.milestone).done_on is None,
        partner_a=302,  # the lead organisation's partner
    ),
    PostCase(
        "governance:motion_close",
        pk("gov_motion"),
        lambda w: {},
        lambda w: _reload(w.gov_motion).status == "open",
    ),
    PostCase(
        "governance:declaration_remove",
        pk("gov_declaration"),
        lambda w: {},
        lambda w: _reload(w.gov_declaration) is not None,
        admin=302,  # refused too: the held meeting's minutes are approved (a correction first)
    ),
    PostCase(
        "governance:motion_vote",
        pk("gov_motion"),
        lambda w: {"choice": "against"},
        lambda w: not w.gov_motion.votes.filter(choice="against").exists(),
        partner_a=302,  # asked to vote: voted (the check is only of the roles refused)
        partner_b=302,
        admin=404,  # not asked, and not a member
    ),
    PostCase(
        "risks:assessment_new_version",
        pk("risk_assessment"),
        lambda w: {},
        lambda w: not type(w.risk_assessment).objects.filter(previous=w.risk_assessment).exists(),
        admin=302,
    ),
    PostCase(
        "risks:risk_delete",
        pk("risk_draft"),
        lambda w: {},
        lambda w: _reload(w.risk_draft) is not None,
    ),
    PostCase(
        "members:person_end", pk("person_a"), lambda w: {}, lambda w: _reload(w.person_a).status == "active", admin=200
    ),
    PostCase("members:person_login_close", pk("person_a"), lambda w: {}, lambda w: _reload(w.person_a).user.is_active),
]
