"""Validation of signed PDFs: any signature, any level, reported for people and machines."""
