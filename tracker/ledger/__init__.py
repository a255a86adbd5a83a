"""The evidence ledger (台账) of a plan, exported as one zip for inspection (督察)."""
