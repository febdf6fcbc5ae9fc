"""Bulk imports and exports: flat track rows, column mapping, file formats, presets."""
