"""Web views of the signing service."""
