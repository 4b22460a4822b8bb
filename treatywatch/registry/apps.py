from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "treatywatch.registry"
    verbose_name = "Treaty register"

    def ready(self) -> None:
        from treatywatch.registry import roles

        roles.connect()
