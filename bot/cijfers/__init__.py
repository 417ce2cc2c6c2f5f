"""Figures for the municipality: what entrepreneurs ask, what the bot solved, which promises were kept.

``gesprekken`` reads the conversations from Rasa's SQL tracker store, ``beloften`` reads cases
and promises from the application database, ``overzicht`` puts them together for a date
range (days in Amsterdam, ``dagen``), ``grafiek`` draws them as SVG on the server and ``export``
writes them as CSV.
"""
