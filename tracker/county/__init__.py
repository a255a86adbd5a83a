"""The county's board `/county`: its towns side by side, their trends over the year, and the export."""
