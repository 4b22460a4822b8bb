from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "treatywatch.registry"
    verbose_name = _("Treaty register")

    def ready(self) -> None:
        from treatywatch.lib.caching import add_version_source
        from treatywatch.registry import signals
        from treatywatch.registry.standings import register_version

        signals.connect()
        add_version_source("register", register_version)
