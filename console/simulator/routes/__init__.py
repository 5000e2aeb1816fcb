"""HTTP routes of the simulated engine: URL tree, GET handling, actions, responses."""
