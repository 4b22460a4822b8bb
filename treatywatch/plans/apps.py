from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "treatywatch.plans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from treatywatch.plans.shipped import load_shipped_action_plans
        from treatywatch.registry.shipped import add_treaty_loader

        add_treaty_loader(load_shipped_action_plans)
