"""The verbs behind the commands, one module each: read what is needed (concurrently, resolve.py),
plan (engine/planner.py), apply (engine/executor.py), present (output.py). custom.py turns CLI
arguments into typed requests and calls them; nothing here knows argparse."""
