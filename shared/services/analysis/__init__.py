"""The analysis stage: route to a model (A/B, fallback, retries), store, apply, report."""
