from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "treatywatch.jobs"
    verbose_name = _("Jobs")
