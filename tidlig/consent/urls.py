from django.urls import path

from tidlig.consent import views

app_name = "consent"
urlpatterns = [
    path("familier/<uuid:household_id>/samtykke/ny/", views.give, name="give"),
    path("samtykke/<uuid:consent_id>/tilbagekald/", views.withdraw, name="withdraw"),
]
