"""Luoshi (落实): the domain and web application of the plan tracker.

Kept free of imports so that `tracker.plans.parsing` and the other pure cores load without Flask,
Celery or a database driver.
"""
