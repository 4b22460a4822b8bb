"""Routes of a campaign's action reports and dashboard (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.campaigns import report_views
from treatywatch.web import campaign_dashboard

app_name = "campaign-reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("campaigns/<slug:slug>/reports/", report_views.report_list, name="reports"),
    path("campaigns/<slug:slug>/reports.<str:fmt>", report_views.report_download, name="reports-download"),
    path("campaigns/<slug:slug>/reports/new/", report_views.report_new, name="report-new"),
    path("campaigns/<slug:slug>/reports/<int:pk>/", report_views.report_detail, name="report"),
    path("campaigns/<slug:slug>/reports/<int:pk>/edit/", report_views.report_edit, name="report-edit"),
    path("campaigns/<slug:slug>/dashboard/", campaign_dashboard.campaign_dashboard, name="dashboard"),
]
