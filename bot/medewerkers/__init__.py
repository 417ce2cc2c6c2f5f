"""The staff directory: medewerkers of the municipality, their teams, expertise and absences."""
