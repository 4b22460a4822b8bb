import time

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_timing():
    t = time.perf_counter()
    call_command("load_register", verbosity=0)
    t1 = time.perf_counter()
    s = connection.creation.serialize_db_to_string()
    t2 = time.perf_counter()
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    t3 = time.perf_counter()
    connection.creation.deserialize_db_from_string(s)
    t4 = time.perf_counter()
    from treatywatch.registry.models import Treaty
    print(f"\n{connection.vendor} load={t1-t:.2f} ser={t2-t1:.2f} ({len(s)} chars) flush={t3-t2:.2f} deser={t4-t3:.2f}", Treaty.objects.count())
