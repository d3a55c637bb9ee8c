from django.urls import path

from tidlig.offers import views, views_reference

app_name = "offers"
urlpatterns = [
    path("tilbud/", views.ladder, name="ladder"),
    path("tilbud/katalog/", views.catalogue, name="catalogue"),
    path("tilbud/grundlag/", views_reference.reference, name="reference"),
    path("tilbud/grundlag/tema/", views_reference.add_theme, name="add_theme"),
    path("tilbud/ny/", views.create, name="create"),
    path("tilbud/<uuid:offer_id>/", views.edit, name="edit"),
    path("tilbud/<uuid:offer_id>/slet/", views.delete, name="delete"),
]
