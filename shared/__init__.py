"""Common library of festplan's three services: settings, database, migrations, Celery app, scenario format."""
