"""The scenario and schedule file format 1 (``../shared/spec/scenario-format.md``) as pure dataclasses.

``model`` holds the types, ``parse`` reads and validates a JSON document into them (errors name the JSON
path; ``reading`` and ``schedule_parse`` hold its pieces), ``dump`` writes them back, ``calendar`` interprets
day sets and daily windows for the solver and the checker alike. ``generate`` builds seeded, realistic
editions from ``geography`` (real places of the Puy-de-Dôme) and ``catalogue`` (French names and titles),
with ``placement`` (a first-fit greedy witness) and ``replanning`` (availability and ``previous`` around it).
Nothing here touches a database, HTTP or Celery.
"""
