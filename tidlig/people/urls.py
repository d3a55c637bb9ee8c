from django.urls import path

from tidlig.people import views

app_name = "people"
urlpatterns = [
    path("familier/", views.household_list, name="household_list"),
    path("familier/ny/", views.household_create, name="household_create"),
    path("familier/<uuid:household_id>/", views.household_detail, name="household"),
    path("familier/<uuid:household_id>/boern/ny/", views.child_add, name="child_add"),
    path("familier/<uuid:household_id>/voksne/ny/", views.guardian_add, name="guardian_add"),
    path("familier/<uuid:household_id>/tildel/", views.assign_worker, name="assign_worker"),
    path("boern/<uuid:child_id>/", views.child_detail, name="child"),
    path("boern/<uuid:child_id>/rediger/", views.child_edit, name="child_edit"),
    path("institution/boern/", views.institution_children, name="institution_children"),
]
