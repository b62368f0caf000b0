"""The published programme: public pages, registration, feeds, exchange formats, the JSON API and staff exports.

It is the scheduler's output as the public sees it, read from the latest :class:`ScheduleVersion` of an
edition. ``model.py`` is pure (dataclasses and filters); ``repository.py`` builds it from the database;
``caching.py`` is the one cache of every format's documents, keyed on the programme's stamp.
"""
