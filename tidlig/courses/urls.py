from django.urls import path

from tidlig.courses import views, views_fit

app_name = "courses"
urlpatterns = [
    path("forloeb/", views.course_list, name="list"),
    path("henvendelser/<uuid:referral_id>/forloeb/ny/", views.open_course, name="open"),
    path("forloeb/<uuid:course_id>/", views.detail, name="detail"),
    path("forloeb/<uuid:course_id>/pdf/", views.pdf, name="pdf"),
    path("forloeb/<uuid:course_id>/kontakter/", views.add_contact, name="add_contact"),
    path("forloeb/<uuid:course_id>/maal/<uuid:goal_id>/", views.edit_goal, name="edit_goal"),
    path("forloeb/<uuid:course_id>/forlaengelse/", views.request_extension, name="request_extension"),
    path("forloeb/<uuid:course_id>/afslut/", views.close, name="close"),
    path("forlaengelser/", views.approvals, name="approvals"),
    path("forlaengelser/<uuid:request_id>/", views.decide_extension, name="decide_extension"),
    # FIT, the Trivselslineal and the hand-over answer mode.
    path("forloeb/<uuid:course_id>/fit/", views_fit.record_scores, name="record_scores"),
    path("forloeb/<uuid:course_id>/svar/", views_fit.answer_mode, name="answer_mode"),
    path("forloeb/<uuid:course_id>/svar/laas-op/", views_fit.unlock, name="unlock"),
    path("forloeb/<uuid:course_id>/trivselslineal/", views_fit.place_wellbeing, name="place_wellbeing"),
    path(
        "forloeb/<uuid:course_id>/trivselslineal/<uuid:placement_id>/ret/",
        views_fit.correct_placement,
        name="correct_placement",
    ),
]
