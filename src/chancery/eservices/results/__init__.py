"""E-services: results."""
