"""Statistics of cables: volumes by precedence, post, tag and month; acknowledgement times.

Every figure is counted in SQL over ``Cable.objects.visible_to(user)`` only (addressed-only,
captions, clearance and compartments), so a person never learns, even as a count, of a cable
they may not read. A report is eight queries whatever the number of cables.

Definitions (also in docs/cables.md, "Reports"):

- A cable counts in the *volumes* of the year (and month) it was released, in the ministry's
  time zone; drafts, cables in clearance and cancelled ones do not count. Received cables
  (copies from a peer instance) count by their release time at the originating post.
- *Acknowledgement* looks at the deliveries to action addressees of those cables whose
  precedence required an acknowledgement (``ack_due_at`` set). Time to acknowledge runs from
  ``delivered_at`` to ``acknowledged_at``; the median and the 90th percentile are in minutes.
  *Within target*: acknowledged no later than ``ack_due_at``, the deadline set at delivery
  from the precedence's ``ack_minutes``. *Pending*: not acknowledged, deadline still ahead
  (not judged). The share within target is within / (required - pending). *Alerts* and
  *escalations* count the deliveries whose duty roster was alerted, and escalated.
"""

from __future__ import annotations

from chancery.documents.cables.reports.acknowledgement import AckRow, acknowledgement_times
from chancery.documents.cables.reports.common import ReportFilters, report_posts, report_years
from chancery.documents.cables.reports.tables import CableReport, cables_report, report_tables
from chancery.documents.cables.reports.volumes import (
    MonthCount,
    Tally,
    monthly_volumes,
    volumes_by_post,
    volumes_by_precedence,
    volumes_by_tag,
)

__all__ = [
    "AckRow",
    "CableReport",
    "MonthCount",
    "ReportFilters",
    "Tally",
    "acknowledgement_times",
    "cables_report",
    "monthly_volumes",
    "report_posts",
    "report_tables",
    "report_years",
    "volumes_by_post",
    "volumes_by_precedence",
    "volumes_by_tag",
]
