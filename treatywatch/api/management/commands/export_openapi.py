import json
from typing import Any

from django.core.management.base import BaseCommand

from treatywatch.api.api import api


class Command(BaseCommand):
    help = "Print the API's OpenAPI schema (the snapshot in tests/snapshots/openapi.json is made with it)."

    def handle(self, *args: Any, **options: Any) -> None:
        schema = api.get_openapi_schema(path_prefix="/api/v1")
        self.stdout.write(json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False))
