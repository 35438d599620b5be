from django.urls import path

from .views import actions, board_reports, outputs, plans, returns

app_name = "actionplans"

urlpatterns = [
    path("", plans.index, name="index"),
    path("new/", plans.plan_create, name="plan_create"),
    path("my-actions/", actions.my_actions, name="my_actions"),
    path("summary/", plans.public_summary, name="public_summary"),
    path("returns/", returns.returns_index, name="returns"),
    path("returns/<str:token>/", returns.progress_return, name="progress_return"),
    path("meetings/<int:meeting_id>/progress/", returns.progress_for_meeting, name="progress_for_meeting"),
    path("<int:pk>/", plans.plan_detail, name="plan"),
    path("<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("<int:pk>/dashboard/", outputs.dashboard, name="dashboard"),
    path("<int:pk>/export.csv", outputs.plan_csv, name="plan_csv"),
    path("<int:pk>/export.pdf", outputs.plan_pdf, name="plan_pdf"),
    path("<int:pk>/export.pdf/prepare/", outputs.plan_pdf_prepare, name="plan_pdf_prepare"),
    path("<int:pk>/approve/", plans.plan_approve, name="plan_approve"),
    path("<int:pk>/reopen/", plans.plan_reopen, name="plan_reopen"),
    path("<int:pk>/history/", plans.plan_history, name="plan_history"),
    path("<int:pk>/archive/", plans.plan_archive, name="plan_archive"),
    path("<int:pk>/roll-over/", plans.plan_roll_over, name="plan_roll_over"),
    path("<int:pk>/publish/", plans.plan_publish, name="plan_publish"),
    path("<int:plan_pk>/priorities/new/", actions.priority_create, name="priority_create"),
    path("priorities/<int:pk>/edit/", actions.priority_edit, name="priority_edit"),
    path("priorities/<int:priority_pk>/actions/new/", actions.action_create, name="action_create"),
    path("actions/<int:pk>/", actions.action_detail, name="action"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/update/", actions.action_update, name="action_update"),
    path("board-reports/", board_reports.board_reports, name="board_reports"),
    path("board-reports/new/", board_reports.board_report_create, name="board_report_create"),
    path("board-reports/<int:pk>/", board_reports.board_report_detail, name="board_report"),
    path("board-reports/<int:pk>/edit/", board_reports.board_report_edit, name="board_report_edit"),
    path("board-reports/<int:pk>/approve/", board_reports.board_report_approve, name="board_report_approve"),
    path("board-reports/<int:pk>/report.pdf", board_reports.board_report_pdf, name="board_report_pdf"),
    path(
        "board-reports/<int:pk>/report.pdf/prepare/",
        board_reports.board_report_pdf_prepare,
        name="board_report_pdf_prepare",
    ),
    path(
        "board-reports/<int:pk>/v<int:number>.pdf",
        board_reports.board_report_version_pdf,
        name="board_report_version_pdf",
    ),
]
