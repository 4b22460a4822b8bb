from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from treatywatch.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
]
urlpatterns += i18n_patterns(
    # Inside the language prefix so that the switcher knows the language of the page it came from.
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("treatywatch.web.account_urls")),
    path("", include("treatywatch.obligations.urls")),
    path("", include("treatywatch.outreach.urls")),
    path("", include("treatywatch.contacts.urls")),
    path("", include("treatywatch.plans.urls")),
    path("", include("treatywatch.campaigns.urls")),
    path("", include("treatywatch.campaigns.brief_urls")),
    path("", include("treatywatch.web.member_brief_urls")),
    path("", include("treatywatch.web.milestone_urls")),
    path("", include("treatywatch.positions.urls")),
    path("", include("treatywatch.web.campaign_urls")),
    path("", include("treatywatch.mailing.urls")),
    path("", include("treatywatch.web.urls")),
    prefix_default_language=False,
)

handler404 = "treatywatch.web.error_pages.not_found"
handler400 = "treatywatch.web.error_pages.bad_request"
handler500 = "treatywatch.web.error_pages.server_error"
