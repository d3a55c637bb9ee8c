from django.urls import path

from tidlig.audit import views

app_name = "audit"
urlpatterns = [
    path("log/", views.search, name="search"),
    path("log/indsigt/", views.access_request, name="access_request"),
    path(
        "log/indsigt/<uuid:person_id>/eksport.csv",
        views.access_request_export,
        name="access_request_export",
    ),
]
