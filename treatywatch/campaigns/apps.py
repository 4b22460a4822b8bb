from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "treatywatch.campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from treatywatch.campaigns.member_briefs import forget_erased_contact
        from treatywatch.campaigns.shipped import load_shipped_campaigns
        from treatywatch.contacts.actions import contact_erasing
        from treatywatch.registry.shipped import add_treaty_loader

        add_treaty_loader(load_shipped_campaigns)
        contact_erasing.connect(forget_erased_contact, dispatch_uid="campaigns.forget_erased_contact")
