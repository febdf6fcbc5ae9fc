"""Repositories: domain objects in and out of PostgreSQL, one module per aggregate."""
