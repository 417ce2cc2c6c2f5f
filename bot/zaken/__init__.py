"""Cases (zaken) handed off to a named medewerker, the promises made on them, and their audit trail."""
