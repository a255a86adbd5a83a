"""Organisations: a county and its towns, and the one rule that decides whose rows a person sees."""
