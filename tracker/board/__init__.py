"""The task board at `/`: every task grouped by plan item, filters, 三色 lights, a deadline calendar and
a personal iCal feed."""
