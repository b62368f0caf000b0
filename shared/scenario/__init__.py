"""The scenario and schedule file format 1 (``../shared/spec/scenario-format.md``) as pure dataclasses.

``model`` holds the types, ``parse`` reads and validates a JSON document into them (errors name the JSON
path), ``dump`` writes them back. Nothing here touches a database, HTTP or Celery.
"""
