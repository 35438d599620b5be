from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    # Council admins
    path("people/", views.people, name="people"),
    path("people/export.csv", views.people_export, name="people_export"),
    path("people/import/", views.people_import, name="people_import"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/end/", views.person_end, name="person_end"),
    path("people/<int:pk>/invite/", views.person_invite, name="person_invite"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/export.csv", views.organisations_export, name="organisations_export"),
    path("organisations/import/", views.organisations_import, name="organisations_import"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/leave/", views.organisation_leave, name="organisation_leave"),
    path("coverage/", views.coverage, name="coverage"),
    path("linked-bodies/", views.linked_bodies, name="linked_bodies"),
    path("linked-bodies/new/", views.linked_body_create, name="linked_body_create"),
    path("linked-bodies/<int:pk>/edit/", views.linked_body_edit, name="linked_body_edit"),
    path("terms-of-reference/new/", views.terms_new, name="terms_new"),
    path("applications/", views.join_requests, name="join_requests"),
    path("applications/<int:pk>/", views.join_request_detail, name="join_request_detail"),
    path("applications/<int:pk>/approve/", views.join_request_approve, name="join_request_approve"),
    path("applications/<int:pk>/decline/", views.join_request_decline, name="join_request_decline"),
    # Partners
    path("directory/", views.directory, name="directory"),
    path("my-details/", views.my_details, name="my_details"),
    # The public
    path("member-organisations/", views.public_organisations, name="public_organisations"),
    path("terms-of-reference/", views.terms, name="terms"),
    path("terms-of-reference/version-<int:number>/", views.terms, name="terms_version"),
    path("join/", views.join, name="join"),
    path("join/sent/", views.join_sent, name="join_sent"),
]
