from django.urls import path

from partnership.urls import urlpatterns as app_urlpatterns

from . import floor

urlpatterns = [
    path("bench/floor/<str:table>/<int:rows>", floor.floor_page, name="bench_floor"),
    *app_urlpatterns,
]
