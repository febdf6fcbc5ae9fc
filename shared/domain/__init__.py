"""Domain values and rules: no IO at all."""
