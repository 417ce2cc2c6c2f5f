"""Promises made to entrepreneurs: deadlines by service norms, and keeping them."""
