"""E-services: catalogue."""
