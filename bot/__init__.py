"""Ingang: the digital front door for entrepreneurs of the municipality."""
