"""The dashboard `/dashboard`: completion by plan item and by unit, the overdue list, indicators."""
