"""The load test (`make test-long`): readers and editors against the production server on PostgreSQL, see run.py."""
