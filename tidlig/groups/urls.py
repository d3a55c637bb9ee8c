from django.urls import path

from tidlig.groups import views

app_name = "groups"
urlpatterns = [
    path("hold/", views.group_list, name="list"),
    path("hold/nyt/", views.create, name="create"),
    path("hold/<uuid:group_id>/", views.detail, name="detail"),
    path("hold/<uuid:group_id>/tilmeld/", views.enroll, name="enroll"),
    path("hold/<uuid:group_id>/tilmeldinger/<uuid:enrollment_id>/stop/", views.leave, name="leave"),
    path("hold/<uuid:group_id>/moeder/nyt/", views.session, name="session"),
    path("hold/<uuid:group_id>/maaling/", views.outcome, name="outcome"),
]
