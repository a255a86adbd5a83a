"""Plans: a report's next-year arrangements (主要安排), parsed, reviewed and confirmed into tasks."""
