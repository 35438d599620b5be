from django.urls import path

from .views import bodies, directory, imports, join, organisations, people, terms

app_name = "members"

urlpatterns = [
    # Council admins
    path("people/", people.people, name="people"),
    path("people/export.csv", people.people_export, name="people_export"),
    path("people/import/", imports.people_import, name="people_import"),
    path("people/import/template.csv", imports.people_import_template, name="people_import_template"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/end/", people.person_end, name="person_end"),
    path("people/<int:pk>/invite/", people.person_invite, name="person_invite"),
    path("people/<int:pk>/close-sign-in/", people.person_login_close, name="person_login_close"),
    path("people/<int:pk>/erase/", people.person_erase, name="person_erase"),
    path("organisations/", organisations.organisations, name="organisations"),
    path("organisations/export.csv", organisations.organisations_export, name="organisations_export"),
    path("organisations/import/", imports.organisations_import, name="organisations_import"),
    path(
        "organisations/import/template.csv",
        imports.organisations_import_template,
        name="organisations_import_template",
    ),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/leave/", organisations.organisation_leave, name="organisation_leave"),
    path("coverage/", bodies.coverage, name="coverage"),
    path("linked-bodies/", bodies.linked_bodies, name="linked_bodies"),
    path("linked-bodies/new/", bodies.linked_body_create, name="linked_body_create"),
    path("linked-bodies/<int:pk>/edit/", bodies.linked_body_edit, name="linked_body_edit"),
    path("terms-of-reference/new/", terms.terms_new, name="terms_new"),
    path("applications/", join.join_requests, name="join_requests"),
    path("applications/<int:pk>/", join.join_request_detail, name="join_request_detail"),
    path("applications/<int:pk>/approve/", join.join_request_approve, name="join_request_approve"),
    path("applications/<int:pk>/decline/", join.join_request_decline, name="join_request_decline"),
    # Partners
    path("directory/", directory.directory, name="directory"),
    path("my-details/", directory.my_details, name="my_details"),
    # The public
    path("member-organisations/", directory.public_organisations, name="public_organisations"),
    path("terms-of-reference/", terms.terms, name="terms"),
    path("terms-of-reference/version-<int:number>/", terms.terms, name="terms_version"),
    path("join/", join.join, name="join"),
    path("join/sent/", join.join_sent, name="join_sent"),
]
