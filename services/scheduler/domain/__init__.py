"""The scheduler's pure core: the CP-SAT model and the independent checker, over scenario dataclasses only.

Nothing here imports FastAPI, SQLAlchemy, Celery or SMTP; everything is unit-tested without I/O.
"""
