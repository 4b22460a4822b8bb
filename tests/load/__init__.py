"""The load test (`make test-long`): readers and editors against gunicorn on PostgreSQL, see run.py."""
