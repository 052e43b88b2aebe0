"""Every write of the e-services, one module per use case (see each module)."""
