"""Plan measures' pages, under /action-plans/ beside the plan's own (`partnership/urls.py` includes both there)."""

from django.urls import path

from .views import actions, plans

app_name = "measures"

urlpatterns = [
    path("import/", plans.plan_import, name="plan_import"),
    path("usual-percents/edit/", plans.status_percents_edit, name="status_percents_edit"),
    path("<int:pk>/highlight-report/", plans.highlight, name="highlight"),
    path("<int:pk>/highlight-report.pdf", plans.highlight_pdf, name="highlight_pdf"),
    path("<int:pk>/highlight-report.pdf/prepare/", plans.highlight_pdf_prepare, name="highlight_pdf_prepare"),
    path("actions/<int:pk>/measures/new/", actions.measure_create, name="measure_create"),
    path("actions/<int:pk>/milestones/new/", actions.milestone_create, name="milestone_create"),
    path("actions/<int:pk>/tracking/edit/", actions.tracking_edit, name="tracking_edit"),
    path("actions/<int:pk>/rag/", actions.rag_override, name="rag_override"),
    path("measures/<int:pk>/edit/", actions.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/remove/", actions.measure_delete, name="measure_delete"),
    path("measures/<int:pk>/results/new/", actions.result_create, name="result_create"),
    path("results/<int:pk>/evidence/", actions.result_evidence, name="result_evidence"),
    path("results/<int:pk>/remove/", actions.result_remove, name="result_remove"),
    path("milestones/<int:pk>/edit/", actions.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/done/", actions.milestone_done, name="milestone_done"),
    path("milestones/<int:pk>/remove/", actions.milestone_delete, name="milestone_delete"),
]
