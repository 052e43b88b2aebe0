"""Local fakes of the e-services' outside partners: real HTTP servers on loopback that honour
the partners' published contracts, started in-process by the tests and by hand for the demo
(each module's docstring says how, e.g. ``python -m chancery.eservices.fakes.oidc``)."""
