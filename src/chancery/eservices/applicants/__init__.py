"""Applicant accounts: registration, verified e-mail, sign-in (password or e-identity)."""
