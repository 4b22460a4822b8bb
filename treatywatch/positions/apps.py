from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PositionsConfig(AppConfig):
    name = "treatywatch.positions"
    verbose_name = _("Political positions and Monitor findings")

    def ready(self) -> None:
        from treatywatch.positions.shipped import load_shipped_findings
        from treatywatch.registry.shipped import add_treaty_loader

        add_treaty_loader(load_shipped_findings)
