"""The command line, by group: one module per group of `jindu` commands (see jindu/cli.py)."""
