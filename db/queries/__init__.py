"""Queries, one module per aggregate. Only db/ speaks SQL."""
