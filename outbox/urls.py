from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("", views.deliveries, name="deliveries"),
    path("<int:pk>/send-again/", views.send_again, name="send_again"),
]
