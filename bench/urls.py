"""The application's URLs and the benchmark's floor page: the URL conf when TIDLIG_BENCH is on."""

from django.urls import path

from bench import views
from tidlig.urls import handler403, handler404, handler500, urlpatterns

urlpatterns = [*urlpatterns, path("bench/gulv/", views.floor, name="bench_floor")]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
