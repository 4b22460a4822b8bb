"""Routes of the action plans pages (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.plans import views

app_name = "plans"
urlpatterns: list[URLPattern | URLResolver] = [
    path("treaties/<slug:slug>/action-plans/", views.treaty_action_plans, name="treaty-action-plans"),
    path("treaties/<slug:slug>/action-plans/<slug:plan>/", views.action_plan, name="action-plan"),
]
