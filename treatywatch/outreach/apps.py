from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "treatywatch.outreach"
    verbose_name = _("Universalization work")

    def ready(self) -> None:
        from treatywatch.outreach.shipped import load_shipped_activities, load_shipped_institutions
        from treatywatch.registry.shipped import add_treaty_loader

        add_treaty_loader(load_shipped_activities)
        add_treaty_loader(load_shipped_institutions)
