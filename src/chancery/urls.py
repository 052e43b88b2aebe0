from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from chancery.portal.views import feeds as portal_feeds

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
    path("services/", include("chancery.eservices.urls_public")),
    path("eservices/", include("chancery.eservices.urls_staff")),
    # The portal: its CMS, its staff workspace, its files and images, its sitemap.
    path("cms/", include(wagtailadmin_urls)),
    path("portal/", include("chancery.portal.urls_staff")),
    path("portal-files/", include(wagtaildocs_urls)),
    path("sitemap.xml", portal_feeds.sitemap, name="portal-sitemap"),
    # Images of the portal (renditions); a CDN or the web server serves them in production.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}, name="media"),
    path("", include("chancery.core.urls")),
]

# The portal's pages under their language prefix: /vi/, /en/, /fr/ (Wagtail serves the rest).
urlpatterns += i18n_patterns(
    path("", include("chancery.portal.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "chancery.portal.views.errors.not_found"
