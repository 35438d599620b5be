from django.urls import path

from . import views

app_name = "actionplans"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.plan_create, name="plan_create"),
    path("my-actions/", views.my_actions, name="my_actions"),
    path("summary/", views.public_summary, name="public_summary"),
    path("returns/", views.returns, name="returns"),
    path("returns/<str:token>/", views.progress_return, name="progress_return"),
    path("meetings/<int:meeting_id>/progress/", views.progress_for_meeting, name="progress_for_meeting"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/export.csv", views.plan_csv, name="plan_csv"),
    path("<int:pk>/export.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("<int:pk>/reopen/", views.plan_reopen, name="plan_reopen"),
    path("<int:pk>/history/", views.plan_history, name="plan_history"),
    path("<int:pk>/archive/", views.plan_archive, name="plan_archive"),
    path("<int:pk>/roll-over/", views.plan_roll_over, name="plan_roll_over"),
    path("<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("<int:plan_pk>/priorities/new/", views.priority_create, name="priority_create"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
    path("priorities/<int:priority_pk>/actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/update/", views.action_update, name="action_update"),
    path("board-reports/", views.board_reports, name="board_reports"),
    path("board-reports/new/", views.board_report_create, name="board_report_create"),
    path("board-reports/<int:pk>/", views.board_report_detail, name="board_report"),
    path("board-reports/<int:pk>/edit/", views.board_report_edit, name="board_report_edit"),
    path("board-reports/<int:pk>/approve/", views.board_report_approve, name="board_report_approve"),
    path("board-reports/<int:pk>/report.pdf", views.board_report_pdf, name="board_report_pdf"),
    path("board-reports/<int:pk>/v<int:number>.pdf", views.board_report_version_pdf, name="board_report_version_pdf"),
]
