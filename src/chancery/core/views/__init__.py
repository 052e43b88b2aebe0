"""Core's staff pages, one module per area (home, account, audit, jobs, notifications ...)."""
