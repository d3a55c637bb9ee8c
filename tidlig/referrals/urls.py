from django.urls import path

from tidlig.referrals import views, views_intake, views_public

app_name = "referrals"
urlpatterns = [
    # The public door: no login (Barnets lov §§ 28-29: open and anonymous advice).
    path("henvendelse/", views_public.self_referral, name="self_referral"),
    path("henvendelse/kvittering/<str:token>/", views_public.receipt, name="receipt"),
    # Partners' and staff's doors, and the anonymous counselling log.
    path(
        "institution/klasser/<uuid:class_id>/henvis/", views_intake.partner_referral, name="partner_referral"
    ),
    path("henvendelser/ny/", views_intake.staff_referral, name="staff_referral"),
    path("anonym-raadgivning/", views_intake.counselling, name="counselling"),
    # Screening, the triage board and the service-level clock.
    path("henvendelser/", views.referral_list, name="list"),
    path("henvendelser/<uuid:referral_id>/", views.detail, name="detail"),
    path("henvendelser/<uuid:referral_id>/screening/", views.screen, name="screen"),
    path("henvendelser/<uuid:referral_id>/foerste-kontakt/", views.first_contact, name="first_contact"),
    path("visitation/", views.board, name="board"),
    path("visitation/<uuid:referral_id>/", views.decide, name="decide"),
]
