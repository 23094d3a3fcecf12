"""Text catalogs, one module per feature: TEXTS = {key: (zh, en)}."""
