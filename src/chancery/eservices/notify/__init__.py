"""Notices to applicants: every public status change by e-mail (and SMS), in their language.

``on_event`` is called by ``actions.lifecycle.transition`` inside the dossier's transaction;
``send_to_applicant`` sends messages not tied to a change of state (verification, reset,
resume links, receipts). Both create ``Notice`` rows and defer one job per notice.
"""

from __future__ import annotations

from chancery.eservices.notify.notices import on_event, send_to_applicant

__all__ = ["on_event", "send_to_applicant"]
