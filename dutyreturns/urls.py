from django.urls import path

from .views import channel, returns, statement

app_name = "dutyreturns"

urlpatterns = [
    path("", returns.index, name="index"),
    path("returns/new/", returns.create, name="create"),
    path("returns/<int:pk>/", returns.detail, name="detail"),
    path("returns/<int:pk>/edit/", returns.edit, name="edit"),
    path("coverage/", returns.coverage, name="coverage"),
    path("late/", returns.late, name="late"),
    path("channel/", channel.channel, name="channel"),
    path("channel/figures.csv", channel.channel_csv, name="channel_csv"),
    path("channel/quarters/new/", channel.quarter_create, name="quarter_create"),
    path("channel/quarters/<int:pk>/edit/", channel.quarter_edit, name="quarter_edit"),
    path("channel/statement/<int:year>/", statement.statement, name="statement"),
    path("channel/statement/<int:year>/edit/", statement.statement_edit, name="statement_edit"),
    path("channel/statement/<int:year>/sign/", statement.statement_sign, name="statement_sign"),
    path("channel/statement/<int:year>.pdf", statement.statement_pdf, name="statement_pdf"),
    path("referral-pathway/", statement.pathway, name="pathway"),
    path("referral-pathway/publish/", statement.pathway_publish, name="pathway_publish"),
    path("agreements/", statement.agreements, name="agreements"),
    path("agreements/new/", statement.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/edit/", statement.agreement_edit, name="agreement_edit"),
]
