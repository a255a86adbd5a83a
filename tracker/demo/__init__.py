"""Demo data for `tracker quickstart`: the units and one person per role, so the site can be tried."""
