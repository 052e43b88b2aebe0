"""queries of the signing service."""
