from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "treatywatch.obligations"
    verbose_name = _("Obligations and deadlines")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from treatywatch.obligations.models import ObligationFact
        from treatywatch.obligations.shipped import load_shipped_obligations
        from treatywatch.registry.shipped import add_treaty_loader
        from treatywatch.registry.signals import bump_treaty_version

        add_treaty_loader(load_shipped_obligations)

        for signal in (post_save, post_delete):
            signal.connect(bump_treaty_version, sender=ObligationFact, dispatch_uid=f"tw-obligation-{signal}")
