from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "treatywatch.web"
    verbose_name = "Public site"
