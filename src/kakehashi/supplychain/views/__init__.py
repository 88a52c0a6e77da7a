"""Pages of the supply-chain app, one module per concept: lists (upload, mapping, versions),
analysis (concentration), alternatives; countries and simulation live in their own modules."""
