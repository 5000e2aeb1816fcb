"""The simulator's XML writer: one module per area, string-built for speed."""
