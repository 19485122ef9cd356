"""Stages: a challenge run in rounds (ideas, screening, full proposal, ...), each with its own
dates, submission form, criteria, jury and public label. A challenge without stage rows is one
round, as before: its own dates, criteria (stage_id NULL), jury (stage_id NULL) and form."""
