from django.urls import path

from .views import cycles, evidence, outputs

app_name = "assurance"

urlpatterns = [
    path("", cycles.index, name="index"),
    path("start/", cycles.cycle_start, name="cycle_start"),
    path("summary/", cycles.public_summary, name="public_summary"),
    path("framework/", cycles.framework_list, name="frameworks"),
    path("framework/import/", cycles.framework_import, name="framework_import"),
    path("<int:pk>/", cycles.cycle_detail, name="cycle"),
    path("<int:pk>/criteria/<int:assessment_pk>/", cycles.assessment_edit, name="assessment"),
    path("<int:pk>/criteria/<int:assessment_pk>/evidence/", evidence.picker, name="evidence_picker"),
    path("<int:pk>/criteria/<int:assessment_pk>/evidence/upload/", evidence.upload, name="evidence_upload"),
    path("<int:pk>/criteria/<int:assessment_pk>/action/", cycles.gap_action, name="gap_action"),
    path("<int:pk>/propose/", evidence.propose, name="evidence_propose"),
    path("<int:pk>/gaps/", cycles.gaps, name="gaps"),
    path("<int:pk>/history/", cycles.history, name="history"),
    path("<int:pk>/submit/", cycles.submit, name="submit"),
    path("<int:pk>/reopen/", cycles.reopen, name="reopen"),
    path("<int:pk>/sign-off/", cycles.sign_off, name="sign_off"),
    path("<int:pk>/correct/", cycles.correct, name="correct"),
    path("<int:pk>/publish/", cycles.publish, name="publish"),
    path("<int:pk>/return/", outputs.return_html, name="return"),
    path("<int:pk>/return.xlsx", outputs.return_xlsx, name="return_xlsx"),
    path("<int:pk>/return.pdf", outputs.return_pdf, name="return_pdf"),
    path("<int:pk>/return.pdf/prepare/", outputs.return_pdf_prepare, name="return_pdf_prepare"),
    path("<int:pk>/annual-report/", outputs.annual_report, name="annual_report"),
    path("evidence/<int:pk>/decide/", evidence.decide, name="evidence_decide"),
    path("evidence/<int:pk>/remove/", evidence.remove, name="evidence_remove"),
    path("evidence/<int:pk>/document/", evidence.document, name="evidence_document"),
]
