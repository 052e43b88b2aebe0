"""Routes of sign-in, MFA and my account; included into ``core.urls`` (namespace ``core``)."""

from django.urls import path

from chancery.core.views import account, delegations, mfa_settings, signin, signin_webauthn

urlpatterns = [
    path("login/", signin.login, name="login"),
    path("login/code/", signin.login_totp, name="login_totp"),
    path("login/security-key/", signin_webauthn.login_webauthn, name="login_webauthn"),
    path("login/enrol/", signin.login_enrol_totp, name="login_enrol_totp"),
    path(
        "login/enrol/security-key/",
        signin_webauthn.login_enrol_webauthn,
        name="login_enrol_webauthn",
    ),
    path("login/continue/", signin.login_continue, name="login_continue"),
    path("logout/", signin.logout, name="logout"),
    path("account/", account.profile, name="profile"),
    path("account/password/", account.password, name="password"),
    path("account/mfa/", mfa_settings.mfa_overview, name="mfa"),
    path("account/mfa/app/", mfa_settings.totp_reset, name="mfa_totp_reset"),
    path("account/mfa/recovery-codes/", mfa_settings.recovery_codes, name="mfa_recovery_codes"),
    path("account/mfa/keys/add/", mfa_settings.security_key_add, name="mfa_key_add"),
    path(
        "account/mfa/keys/<int:pk>/remove/",
        mfa_settings.security_key_remove,
        name="mfa_key_remove",
    ),
    path("account/delegations/", delegations.delegation_list, name="delegations"),
    path(
        "account/delegations/<int:pk>/revoke/",
        delegations.delegation_revoke,
        name="delegation_revoke",
    ),
]
