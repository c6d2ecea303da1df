"""Readers that turn what people type into values the flows can trust, one module per answer."""
