"""Ingest's pure core: the proposal's status rules, the checks of a proposal against its edition, and the
availability windows of the forms. No web framework, database, task queue or mail library (import-linter checks).
"""
