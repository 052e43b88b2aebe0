"""The e-services API under ``/api/v1/eservices``: one sub-router per area that has endpoints
(the catalogue, tracking a dossier, the officers' handling, results and the certificate
register, statistics)."""

from __future__ import annotations

from ninja import Router

from chancery.eservices.catalogue import api as catalogue
from chancery.eservices.handling import api as handling
from chancery.eservices.results import api as results
from chancery.eservices.stats import api as stats
from chancery.eservices.submission import api as submission

prefix = "/eservices"
router = Router(tags=["eservices"])
for area in (catalogue, submission, handling, results, stats):
    router.add_router("", area.router)
