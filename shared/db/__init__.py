"""PostgreSQL: connections, migrations, tables, repositories and the unit of work."""
