from django.urls import path

from chancery.core.identity_urls import urlpatterns as identity_urlpatterns
from chancery.core.ops_urls import urlpatterns as ops_urlpatterns
from chancery.core.views import audit as audit_views
from chancery.core.views import calendars as calendar_views
from chancery.core.views import home as home_views
from chancery.core.views import notifications as notification_views
from chancery.core.views import tokens as token_views

app_name = "core"

urlpatterns = [
    path("", home_views.home, name="home"),
    path("calendar/", calendar_views.calendar_year, name="calendar"),
    path("audit/", audit_views.audit_log, name="audit-log"),
    path("audit/<int:seq>/", audit_views.audit_entry, name="audit-entry"),
    *identity_urlpatterns,
    *ops_urlpatterns,
    path("account/tokens/", token_views.token_list, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", token_views.token_revoke, name="token-revoke"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path(
        "notifications/read-all/",
        notification_views.notifications_read_all,
        name="notifications-read-all",
    ),
    path(
        "notifications/<int:pk>/read/",
        notification_views.notification_read,
        name="notification-read",
    ),
]
