"""Governance's pages under /governance/: the decision register, the register of interests, declarations at
meetings and decisions between meetings."""

from django.urls import path

from .views import declarations, interests, motions, register

app_name = "governance"

urlpatterns = [
    path("decisions/", register.register, name="register"),
    path("decisions/register.csv", register.register_csv, name="register_csv"),
    path("decisions/public/", register.public_register, name="public_register"),
    path("decisions/public/register.csv", register.public_register_csv, name="public_register_csv"),
    path("decisions/<int:pk>/status/", register.decision_status, name="decision_status"),
    path("interests/", interests.register, name="interests"),
    path("interests/mine/", interests.mine, name="my_interests"),
    path("interests/mine/new/", interests.interest_add, name="interest_add"),
    path("interests/mine/<int:pk>/edit/", interests.interest_edit, name="interest_edit"),
    path("interests/mine/confirm/", interests.confirm, name="interests_confirm"),
    path("interests/ask/", interests.confirmations_ask, name="confirmations_ask"),
    path("meetings/<int:pk>/declarations/", declarations.meeting_declarations, name="meeting_declarations"),
    path("declarations/<int:pk>/remove/", declarations.declaration_remove, name="declaration_remove"),
    path("between-meetings/", motions.motions, name="motions"),
    path("between-meetings/new/", motions.motion_new, name="motion_new"),
    path("between-meetings/<int:pk>/", motions.motion, name="motion"),
    path("between-meetings/<int:pk>/paper/", motions.motion_paper, name="motion_paper"),
    path("between-meetings/<int:pk>/vote/", motions.motion_vote, name="motion_vote"),
    path("between-meetings/<int:pk>/close/", motions.motion_close, name="motion_close"),
    path("between-meetings/<int:pk>/ratify/", motions.motion_ratify, name="motion_ratify"),
]
