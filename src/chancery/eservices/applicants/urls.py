"""Routes of the applicants area: ``public`` under /services/, ``staff`` under /eservices/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chancery.eservices.applicants import staff_views, views

public: list[URLPattern | URLResolver] = [
    path("account/signin/", views.signin, name="signin"),
    path("account/signout/", views.signout, name="signout"),
    path("account/", views.account, name="account"),
    path("account/signup/", views.signup, name="signup"),
    path("account/verify/<str:token>/", views.verify, name="verify"),
    path("account/verify-again/", views.resend_verification, name="resend_verification"),
    path("account/password/", views.password_reset, name="password_reset"),
    path(
        "account/password/<str:token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("account/eid/<slug:provider>/", views.oidc_start, name="oidc_start"),
    path("account/eid/<slug:provider>/callback/", views.oidc_callback, name="oidc_callback"),
]
staff: list[URLPattern | URLResolver] = [
    path("counter/applicants/new/", staff_views.counter_applicant, name="counter_applicant"),
]
