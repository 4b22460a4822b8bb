"""Settings for the test suite: the development defaults, a fast password hasher."""

import os

os.environ.setdefault("TREATYWATCH_ENV", "development")

from treatywatch.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
