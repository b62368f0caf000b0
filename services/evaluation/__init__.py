"""Evaluation: surveys, attendance, the evaluation report and personal data (what comes in after the event)."""
