"""festplan's services: ingest, scheduler and notifier, plus the CLI and web entry points that mount them."""
