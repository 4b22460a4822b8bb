from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "treatywatch.campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from treatywatch.campaigns.shipped import load_shipped_campaigns
        from treatywatch.registry.shipped import add_treaty_loader

        add_treaty_loader(load_shipped_campaigns)
