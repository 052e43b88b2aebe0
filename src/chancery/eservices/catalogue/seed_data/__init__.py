"""The ministry's consular procedures as published, for ``seed.seed_catalogue``.

Sources: Decree 111/2011/ND-CP on consular certification and legalisation as amended by Decree
196/2025/ND-CP, its Circular 01/2012/TT-BNG, and the fee schedule of Circular 264/2016/TT-BTC
and its amendments, as published by the Consular Department and the national public-service
portal. Values that could not be checked against a published source here are named in each
version's ``unconfirmed`` list and marked "not confirmed" on the public pages: in particular
the national catalogue codes, the fees charged by missions in US dollars, and the time limits
of procedures other than certification and legalisation. Reviewers confirm them, then remove
the names (a new version).
"""

from __future__ import annotations

from typing import Any

from chancery.eservices.catalogue.seed_data.citizens import civil_status, nationality, passport
from chancery.eservices.catalogue.seed_data.common import BATCH_NOTE, FIELDS, HQ, MISSIONS, PER_COPY
from chancery.eservices.catalogue.seed_data.legalisation import legalisation
from chancery.eservices.catalogue.seed_data.services import judicial_record, protection, visa

__all__ = ["BATCH_NOTE", "FIELDS", "HQ", "PER_COPY", "procedures"]


def procedures() -> list[dict[str, Any]]:
    """Every seeded procedure (fresh dicts: callers may change them)."""
    return [
        legalisation("1.013391", "chung-nhan-lanh-su-tai-bo-ngoai-giao", foreign=False, at=HQ),
        legalisation("1.013392", "hop-phap-hoa-lanh-su-tai-bo-ngoai-giao", foreign=True, at=HQ),
        legalisation(
            "1.013393", "chung-nhan-lanh-su-tai-co-quan-dai-dien", foreign=False, at=MISSIONS
        ),
        legalisation(
            "1.013394", "hop-phap-hoa-lanh-su-tai-co-quan-dai-dien", foreign=True, at=MISSIONS
        ),
        passport(),
        civil_status("birth"),
        civil_status("marriage"),
        civil_status("death"),
        nationality("renunciation"),
        nationality("restoration"),
        nationality("confirmation"),
        visa(),
        protection(),
        judicial_record(),
    ]
