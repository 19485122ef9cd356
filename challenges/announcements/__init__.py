"""Messages from the organisers to a segment of a challenge's participants, sent by email
through the outbox and kept on the challenge page for those who received them."""
