#!/bin/sh
# Used by docker-compose: PostgreSQL is healthy once it accepts connections to festplan's database.
exec pg_isready -U "${POSTGRES_USER:-festplan}" -d "${POSTGRES_DB:-festplan}" -h 127.0.0.1
