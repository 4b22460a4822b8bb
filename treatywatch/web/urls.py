from django.urls import path

from treatywatch.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("treaties/<slug:slug>/", views.treaty_detail, name="treaty"),
    path("treaties/<slug:slug>/states.<str:fmt>", views.treaty_states_download, name="treaty-download"),
    path("states/", views.state_list, name="states"),
    path("states/<str:iso3>/", views.state_detail, name="state"),
]
