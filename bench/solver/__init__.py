"""The solver benchmark: festplan against its peers (greedy, conference-scheduler, Timefold) on the same instances."""
