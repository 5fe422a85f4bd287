"""Source kinds: one package per `kind:` of etl/sources/*.yaml (statbank, bed_days, boundaries), each a loader
behind the SourceKind interface in base.py. A kind imports base, etl/warehouse and below, never another kind."""
