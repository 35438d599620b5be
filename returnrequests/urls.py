from django.urls import path

from . import views

app_name = "returnrequests"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("ask-now/", views.ask_now, name="ask_now"),
    path("chase-now/", views.chase_now, name="chase_now"),
    path("<str:token>/", views.respond, name="respond"),
]
