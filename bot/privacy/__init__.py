"""Privacy: how long personal data is kept (docs/privacy.md is the register of processing)."""
