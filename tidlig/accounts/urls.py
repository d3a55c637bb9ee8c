from django.urls import path

from tidlig.accounts import views_admin as v
from tidlig.accounts import views_organisation as o

app_name = "accounts"

urlpatterns = [
    path("administration/", v.overview, name="admin_home"),
    path("administration/brugere/", v.users, name="users"),
    path("administration/brugere/ny/", v.user_create, name="user_create"),
    path("administration/brugere/<uuid:user_id>/", v.user_edit, name="user_edit"),
    path("administration/brugere/<uuid:user_id>/adgangskode/", v.user_password, name="user_password"),
    path("administration/brugere/<uuid:user_id>/adgang/", v.user_active, name="user_active"),
    path("administration/enheder/", o.units, name="units"),
    path("administration/enheder/ny/", o.unit_create, name="unit_create"),
    path("administration/enheder/<uuid:unit_id>/", o.unit_edit, name="unit_edit"),
    path("administration/enheder/<uuid:unit_id>/slet/", o.unit_delete, name="unit_delete"),
    path("administration/institutioner/", o.institutions, name="institutions"),
    path("administration/institutioner/ny/", o.institution_create, name="institution_create"),
    path("administration/institutioner/<uuid:institution_id>/", o.institution_edit, name="institution_edit"),
    path("administration/institutioner/<uuid:institution_id>/klasser/", o.group_add, name="group_add"),
    path(
        "administration/institutioner/<uuid:institution_id>/slet/",
        o.institution_delete,
        name="institution_delete",
    ),
    path("administration/kompetencer/", o.competences, name="competences"),
    path("administration/kompetencer/<int:competence_id>/", o.competence_edit, name="competence_edit"),
    path(
        "administration/kompetencer/<int:competence_id>/slet/", o.competence_delete, name="competence_delete"
    ),
]
