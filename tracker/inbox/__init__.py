"""待我处理: what waits for each person across every active plan, the page people land on after
signing in, and the count beside its menu entry."""
