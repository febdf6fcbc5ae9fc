"""Use cases. IO only through ports and the unit of work; nothing here knows GCP."""
