from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from tidlig import views
from tidlig.accounts.views import TidligLoginView, logout_view, password_change

urlpatterns = [
    path("", views.home, name="home"),
    path("sundhed/", views.health, name="health"),
    path("konto/login/", TidligLoginView.as_view(), name="login"),
    path("konto/logout/", logout_view, name="logout"),
    # why: the language switch is on the login page and the public form too
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("konto/adgangskode/", password_change, name="password_change"),
    path("", include("tidlig.accounts.urls")),
    path("", include("tidlig.people.urls")),
    path("", include("tidlig.consent.urls")),
    path("", include("tidlig.referrals.urls")),
    path("", include("tidlig.courses.urls")),
    path("", include("tidlig.offers.urls")),
    path("", include("tidlig.groups.urls")),
    path("", include("tidlig.audit.urls")),
    path("", include("tidlig.reports.urls")),
]

handler403 = "tidlig.errors.permission_denied"
handler404 = "tidlig.errors.page_not_found"
handler500 = "tidlig.errors.server_error"
