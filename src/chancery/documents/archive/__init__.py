"""Archive packages: ZIP files of records transferred to the historical archives."""
