"""actions of the signing service."""
