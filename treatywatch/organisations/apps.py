from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "treatywatch.organisations"
    verbose_name = _("Organisations and private data")

    def ready(self) -> None:
        from treatywatch.organisations.shipped import load_shipped_organisations
        from treatywatch.registry.shipped import add_treaty_loader

        # Before the apps whose shipped data names these organisations (outreach's activities).
        add_treaty_loader(load_shipped_organisations)
