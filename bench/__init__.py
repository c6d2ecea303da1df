"""Benchmarks: each prints its figures; none fails on timing."""
