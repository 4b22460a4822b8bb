from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "treatywatch.obligations"
    verbose_name = _("Obligations and deadlines")

    def ready(self) -> None:
        from treatywatch.obligations.shipped import load_shipped_obligations
        from treatywatch.registry.shipped import add_treaty_loader

        add_treaty_loader(load_shipped_obligations)
