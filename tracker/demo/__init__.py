"""Demo data for `tracker quickstart` (the units, one person per role, the 青禾镇 plan and its year),
marked as the demo so it stays out of real mail, and its removal (`tracker demo remove`, 管理 › 演示数据)."""
