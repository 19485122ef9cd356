"""Clarification requests: while the jury works, the organisers ask a team a question on the
jury's behalf, with a date to reply by; the team answers (and may add a revised document),
and the jury reads the answer beside the proposal."""
