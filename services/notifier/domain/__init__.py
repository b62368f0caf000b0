"""The notifier's pure core: message building, retry policy, calendars, batching, rendering (no I/O)."""
