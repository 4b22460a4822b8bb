import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treatywatch.settings")
django_application = get_wsgi_application()

from treatywatch.lib.collector import tune_for_serving  # noqa: E402  (after Django is set up)
from treatywatch.lib.intervals import IntervalAnswers  # noqa: E402

# Answers for any date stored per interval are served before Django's middleware (see lib/intervals.py).
application = IntervalAnswers(django_application)
tune_for_serving()
