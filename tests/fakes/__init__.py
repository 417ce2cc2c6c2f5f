"""Offline fakes of outside services, served on loopback for the tests."""
