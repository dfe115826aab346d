"""One module per resource provider; each exposes register(router)."""
