"""The pure core of the network: kinds, segments, participations and the public cards (no I/O)."""
