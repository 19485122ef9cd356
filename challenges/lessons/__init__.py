"""Lessons shared across municipalities: a lessons record per completed challenge, pre-filled
from the platform's own data and published by the organiser, and the public library."""
