"""Local mode: the bus workers and the one-process stack that `catalog run` starts."""
