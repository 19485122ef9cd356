"""Info sessions and pitch days of a challenge: registration with a waiting list, reminders,
calendar files, and pitch slots that advanced teams book."""
