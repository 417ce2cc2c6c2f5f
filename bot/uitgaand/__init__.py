"""The outbox: every message the municipality sends an entrepreneur later, on their own channel."""
