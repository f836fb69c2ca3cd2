"""Benchmarks of issue 6: side-by-side ratios against physical limits and peer tools.

Run them all with `make bench` (or `python -m benchmarks`); see BENCHMARKS.md.
"""
