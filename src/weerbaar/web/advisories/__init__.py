"""Security advisories (CSAF) of an organisation, matched to its maps' products."""
