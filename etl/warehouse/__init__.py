"""The warehouse a run builds: its schema and writes (store), the one documented view layer (views.sql,
described in contract.yaml), the checks (validate), the computed aggregates, and what `etl status` reads."""
