"""The action registry: one list of what the console can do, read by bindings, footer, help and palette."""
