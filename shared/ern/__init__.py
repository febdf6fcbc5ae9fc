"""DDEX ERN: safe parsing, schemas, allowed-value sets, business rules, writers and readers."""
