from django.urls import path

from tidlig.reports import views, views_export, views_practice

app_name = "reports"
urlpatterns = [
    path("statistik/", views.overview, name="overview"),
    path("statistik/resultater/", views.results, name="results"),
    path("statistik/resultater/eksport.csv", views_export.results_csv, name="results_csv"),
    path("statistik/resultater/eksport.xlsx", views_export.results_xlsx, name="results_xlsx"),
    path("statistik/resultater/eksport.pdf", views_export.results_pdf, name="results_pdf"),
    path("statistik/maal/", views.targets, name="targets"),
    path("statistik/min-praksis/", views_practice.practice_view, name="practice"),
]
