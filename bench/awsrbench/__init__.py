"""The benchmark harness behind bench/run.py: it runs the real daemon against tests/fakeaws."""
