"""E-services: forms."""
