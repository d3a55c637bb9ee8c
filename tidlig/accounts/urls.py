from django.urls import path

from tidlig.accounts import views_admin as v

app_name = "accounts"

urlpatterns = [
    path("administration/", v.overview, name="admin_home"),
    path("administration/brugere/", v.users, name="users"),
    path("administration/brugere/ny/", v.user_create, name="user_create"),
    path("administration/brugere/<uuid:user_id>/", v.user_edit, name="user_edit"),
    path("administration/brugere/<uuid:user_id>/adgangskode/", v.user_password, name="user_password"),
    path("administration/brugere/<uuid:user_id>/adgang/", v.user_active, name="user_active"),
    path("administration/enheder/", v.units, name="units"),
    path("administration/enheder/ny/", v.unit_create, name="unit_create"),
    path("administration/enheder/<uuid:unit_id>/", v.unit_edit, name="unit_edit"),
    path("administration/institutioner/", v.institutions, name="institutions"),
    path("administration/institutioner/ny/", v.institution_create, name="institution_create"),
    path("administration/institutioner/<uuid:institution_id>/", v.institution_edit, name="institution_edit"),
    path("administration/institutioner/<uuid:institution_id>/klasser/", v.group_add, name="group_add"),
    path("administration/kompetencer/", v.competences, name="competences"),
    path("administration/kompetencer/<int:competence_id>/", v.competence_edit, name="competence_edit"),
]
