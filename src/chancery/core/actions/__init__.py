"""Every write of the core app, one module per area; each action owns its transaction."""
