"""Tasks: the tracked work made from a confirmed plan's items, with progress, evidence and extensions."""
