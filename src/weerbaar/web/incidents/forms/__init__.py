"""The forms of the incident pages; every value is checked before anything is saved."""
