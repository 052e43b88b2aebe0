"""axe-core on a page Playwright shows, failing with a list a person can act on."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def violations(page: Any) -> list[str]:
    """Every WCAG 2.2 A/AA violation axe finds on the page, one readable line per node."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(
                f"[{violation['impact']}] {violation['id']}: {violation['help']} "
                f"at {target}\n    {node.get('failureSummary', '').strip()}"
            )
    return lines


def assert_accessible(page: Any) -> None:
    found = violations(page)
    assert not found, f"Accessibility violations on {page.url}:\n" + "\n".join(found)
