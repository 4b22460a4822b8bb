from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingConfig(AppConfig):
    name = "treatywatch.mailing"
    verbose_name = _("Campaign mail")

    def ready(self) -> None:
        from treatywatch.jobs.models import JobKind
        from treatywatch.jobs.tasks import add_runner
        from treatywatch.mailing.jobs import send_call_job

        add_runner(JobKind.CAMPAIGN_CALL, send_call_job)
