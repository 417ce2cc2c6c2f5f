"""Figures for the municipality: what entrepreneurs ask, what the bot solved, which promises were kept.

``gesprekken`` reads the conversations from Rasa's SQL tracker store, ``beloften`` reads cases
and promises from the application database (``contact``: the time to the first recorded contact, in
working time), ``overzicht`` puts them together for a date range (days in Amsterdam, ``dagen``),
``grafiek`` lays out the charts (axes and labels: ``assen``) that the console's template draws as SVG,
and ``export`` writes tables as CSV, one by one or together in a ZIP.
"""
