"""E-services: handling."""
