from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("chancery.api.urls")),
    path("", include("chancery.signing.urls")),
    path("signing/", include("chancery.signing.urls_workspace")),
    path("verify/", include("chancery.signing.urls_verify")),
    path("documents/", include("chancery.documents.urls")),
    path("cables/", include("chancery.documents.cables.urls")),
    path("exchange/", include("chancery.exchange.urls")),
    path("", include("chancery.core.urls")),
]
