"""Settings for the test suite: the development defaults, a fast password hasher."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("TREATYWATCH_ENV", "development")

from treatywatch.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Jobs run at once in the test process (tests/test_jobs.py also runs the real database worker once).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Uploaded import files go to a throwaway folder, not the checkout.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="treatywatch-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="treatywatch-test-private-media-"))
