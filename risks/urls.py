from django.urls import path

from .views import assessments, recommendations, risks

app_name = "risks"

urlpatterns = [
    path("", assessments.index, name="index"),
    path("summary/", assessments.public_summary, name="public_summary"),
    path("assessments/new/", assessments.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", assessments.assessment, name="assessment"),
    path("assessments/<int:pk>/edit/", assessments.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/agree/", assessments.assessment_agree, name="assessment_agree"),
    path("assessments/<int:pk>/new-version/", assessments.assessment_new_version, name="assessment_new_version"),
    path("assessments/<int:pk>/publish/", assessments.assessment_publish, name="assessment_publish"),
    path("assessments/<int:pk>/register.csv", assessments.register_csv, name="register_csv"),
    path("assessments/<int:pk>/register.pdf", assessments.register_pdf, name="register_pdf"),
    path("assessments/<int:pk>/register.pdf/prepare/", assessments.register_pdf_prepare, name="register_pdf_prepare"),
    path("assessments/<int:pk>/risks/new/", risks.risk_create, name="risk_create"),
    path("assessments/<int:pk>/risks/import/", assessments.risks_import, name="risks_import"),
    path("<int:pk>/", risks.risk, name="risk"),
    path("<int:pk>/edit/", risks.risk_edit, name="risk_edit"),
    path("<int:pk>/remove/", risks.risk_delete, name="risk_delete"),
    path("recommendations/", recommendations.recommendations, name="recommendations"),
    path("recommendations/new/", recommendations.recommendation_create, name="recommendation_create"),
    path("recommendations/sources/new/", recommendations.source_create, name="source_create"),
    path("recommendations/<int:pk>/", recommendations.recommendation, name="recommendation"),
    path("recommendations/<int:pk>/edit/", recommendations.recommendation_edit, name="recommendation_edit"),
    path("recommendations/<int:pk>/action/", recommendations.recommendation_action, name="recommendation_action"),
]
