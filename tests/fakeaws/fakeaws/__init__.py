"""fakeaws: a local AWS test double that AWS's own client libraries accept.

See docs/fakeaws.md for how to run it and what it implements.
"""
