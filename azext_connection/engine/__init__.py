"""Plan, then apply: the planner, the steps with their inverses, and the executor."""
