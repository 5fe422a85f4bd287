"""The StatBank kind: client (HTTP), resolve (requests fitted to tableinfo), bulk (parser), derive (facts),
check (`etl check`), demo (answers from data/demo/statbank) and the loader that runs them."""
