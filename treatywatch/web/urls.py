from django.urls import path

from treatywatch.obligations import views as obligation_views
from treatywatch.outreach import views as outreach_views
from treatywatch.web import glossary, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("treaties/<slug:slug>/", views.treaty_detail, name="treaty"),
    path("treaties/<slug:slug>/states.<str:fmt>", views.treaty_states_download, name="treaty-download"),
    path("treaties/<slug:slug>/compliance/", obligation_views.treaty_compliance, name="treaty-compliance"),
    path(
        "treaties/<slug:slug>/compliance.<str:fmt>",
        obligation_views.treaty_compliance_download,
        name="treaty-compliance-download",
    ),
    path(
        "treaties/<slug:slug>/universalization/",
        outreach_views.treaty_universalization,
        name="treaty-universalization",
    ),
    path(
        "treaties/<slug:slug>/universalization.<str:fmt>",
        outreach_views.treaty_universalization_download,
        name="treaty-universalization-download",
    ),
    path("glossary/", glossary.glossary, name="glossary"),
    path("states/", views.state_list, name="states"),
    path("states/<str:iso3>/", views.state_detail, name="state"),
]
