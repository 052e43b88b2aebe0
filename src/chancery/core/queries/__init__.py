"""Every permission-checked read of the core app, one module per area."""
