"""The internal certificate authority: certificate profiles, key files, CRLs, OCSP and the TSA."""
