"""PKI, PAdES signing and validation, timestamping and public verification."""
