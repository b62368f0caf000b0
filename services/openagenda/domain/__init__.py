"""The pure core of OpenAgenda publishing: payloads within the API's limits, and what changed since the last sync."""
