"""Stages: a challenge run in rounds (ideas, screening, full proposal, ...), each with its own
dates, submission form, criteria, jury and public label. A challenge without stage rows is one
round, as before: its own dates, criteria (stage_id NULL), jury (stage_id NULL) and form.

The tables are in challenges/challenges/stages.py, beside the challenge they belong to, so
that submissions and juries, which this package builds on, can read them without importing
upward; this package holds the editor, the forms' editor and deciding a stage."""
