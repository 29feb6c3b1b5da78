from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import reach_views, views
from search import views as search_views
from services import posters
from services.navi import views as navi
from services.opendata import views as opendata

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("api/search/", search_views.search_api, name="search_api"),
    path("api/reach/", reach_views.reach_beacon, name="reach_beacon"),
    re_path(r"^open-data/directory\.(?P<fmt>csv|xlsx)$", opendata.directory_file, name="open_data_directory"),
    re_path(
        r"^open-data/place-directory\.(?P<fmt>csv|xlsx)$",
        opendata.place_directory_file,
        name="open_data_place_directory",
    ),
    path("open-data/places.csv", opendata.place_events_file, name="open_data_places"),
    path("api/hsds/services/", opendata.hsds_services, name="hsds_services"),
    path("api/hsds/services/<str:service_id>/", opendata.hsds_service, name="hsds_service"),
    path("exit/", views.neutral, name="neutral"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", search_views.readyz, name="readyz"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("navi/", navi.navi, name="navi"),
    path("open-data/", opendata.open_data_page, name="open_data"),
    path("navi/memo/", navi.navi_memo, name="navi_memo"),
    re_path(r"^(?P<page_path>(?:[-\w]+/)+)poster/$", posters.poster, name="poster"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
