"""The evaluation's pure core: survey question sets and answers, invitation timing, the report's figures,
attendance and retention rules. No web framework, database, task queue or mail library (import-linter checks).
"""
