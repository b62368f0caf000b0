"""The published programme: public pages, registration, calendar feeds, exchange formats and staff exports.

It is the scheduler's output as the public sees it, read from the latest :class:`ScheduleVersion` of an
edition. ``model.py`` is pure (dataclasses and filters); ``queries.py`` builds it from the database.
"""
