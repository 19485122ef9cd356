"""Following a challenge, a municipality or a theme: news by email, per item or as a weekly
digest, and the one-click unsubscribe that works without signing in."""
