"""The JSON API under `/api/v1`: plans, tasks and progress entries, for programs with a bearer token."""
