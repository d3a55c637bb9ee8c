from django.urls import path

from tidlig.reports import views

app_name = "reports"
urlpatterns = [
    path("statistik/", views.overview, name="overview"),
    path("statistik/resultater/", views.results, name="results"),
    path("statistik/maal/", views.targets, name="targets"),
]
