"""E-services: stats."""
