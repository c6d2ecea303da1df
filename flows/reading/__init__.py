"""Parsers that turn what people type into values the flows can use."""
