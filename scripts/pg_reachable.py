"""Exit 0 when the PostgreSQL server of the given URL answers, so `make test` can run the suite there too."""

import sys

import psycopg

url = sys.argv[1].replace("postgres://", "postgresql://", 1)
server = url.rsplit("/", 1)[0] + "/postgres"
try:
    psycopg.connect(server, connect_timeout=3).close()
except psycopg.Error:
    sys.exit(1)
