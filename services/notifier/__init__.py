"""festplan notifier service."""
