"""Real engines behind sandboxed data planes (started lazily: only the tests that need one pay for it)."""
