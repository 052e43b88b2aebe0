"""The portal's public views beside Wagtail's page serving (one module per area)."""
