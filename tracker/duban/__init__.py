"""County 督办: a county's coordinator hands a task to some of its towns; each town works it in its own
plan, and the county reads every town's answer."""
