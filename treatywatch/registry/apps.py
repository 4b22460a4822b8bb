from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "treatywatch.registry"
    verbose_name = _("Treaty register")

    def ready(self) -> None:
        from treatywatch.registry import signals

        signals.connect()
