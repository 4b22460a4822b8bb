"""axe-core (vendored in vendor/axe.min.js) finds no WCAG 2.x A/AA violation on the main pages."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import AXE_JS
from treatywatch.outreach.models import Activity

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return {
    version: axe.version,
    passes: results.passes.length,
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
    })),
  };
}"""


def shipped_activity() -> int:
    """An activity of the shipped log (public), for the paths that name one as `{shipped}`."""
    found = Activity.objects.filter(owner=None).order_by("date", "pk").values_list("pk", flat=True).first()
    if found is None:
        raise LookupError("the shipped register holds no activity")
    return found


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"  at {node['target']}: {node['html'][:200]}")
            lines.extend(f"    {line}" for line in node["summary"].splitlines())
    return "\n".join(lines)


def assert_no_violations(page: Page, path: str) -> None:
    # Loaded with the page as an init script: the Content-Security-Policy refuses a script tag added inline.
    page.add_init_script(path=AXE_JS)
    page.goto(path)
    # Check what is folded away too (the yearly counts table, fact texts).
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")

    results = page.evaluate(RUN_AXE, WCAG_TAGS)

    assert results["version"] == "4.11.0"
    assert results["passes"] > 0
    assert not results["violations"], f"axe-core found violations on {path}:\n{describe(results['violations'])}"


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/treaties/ccm/",
        "/states/LTU/",
        "/fr/treaties/ccm/",
        "/treaties/ccm/compliance/",
        "/states/BGR/",
        "/states/VAT/",
        "/states/RUS/",  # a vote a source names, statements, Monitor findings
        "/treaties/ccm/universalization/",
        "/es/states/NZL/",
        "/fr/treaties/ccm/institutions/?as_of=2018-03-01",
        "/activities/",
        "/es/activities/?treaty=ccm&kind=concept_note",
        "/activities/{shipped}/",
        "/treaties/ccm/action-plans/",
        "/treaties/ccm/action-plans/dubrovnik/?as_of=2021-10-01",
        "/es/treaties/ccm/action-plans/lausanne/",
        "/accounts/sign-in/?next=/activities/new/",
        "/fr/accounts/sign-in/",
        "/accounts/password/reset/",
        "/fr/data/",
        "/fr/states/?q=cor%C3%A9e&as_of=2026-02-03",
        "/treaties/ccm/?status=not_signed&status=signatory&region=Africa",
        "/treaties/ccm/compliance/?obligation=clearance&year=2026",
        "/fr/glossary/",
        "/treaties/ccm/?as_of=2000-01-01",
        "/treaties/ccm/?as_of=2015-13-07",
        "/nowhere/",
    ],
    ids=[
        "home",
        "treaty",
        "state",
        "treaty-fr",
        "compliance",
        "state-obligations",
        "state-dot-on-map",
        "state-political-position",
        "universalization-board",
        "state-activities-es",
        "institutions-fr",
        "activities",
        "activities-filtered-es",
        "activity",
        "action-plans",
        "action-plan",
        "action-plan-es",
        "sign-in",
        "sign-in-fr",
        "password-reset",
        "data-fr",
        "states-found-fr",
        "treaty-several-statuses",
        "compliance-deadline-year",
        "glossary-fr",
        "treaty-before-it-existed",
        "bad-date",
        "not-found",
    ],
)
def test_no_wcag_a_or_aa_violations(page: Page, path: str) -> None:
    assert_no_violations(page, path.format(shipped=shipped_activity()))


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "/treaties/ccm/",
        "/fr/activities/",
        "/treaties/ccm/action-plans/dubrovnik/",
        "/es/accounts/sign-in/",
        "/states/RUS/",
        "/states/?q=guinea",
        "/treaties/ccm/compliance/",
        "/milestones/",
    ],
    ids=[
        "treaty",
        "activities-fr",
        "plan",
        "sign-in-es",
        "state-political-position",
        "states-found",
        "compliance",
        "milestones",
    ],
)
def test_no_wcag_a_or_aa_violations_on_a_phone(phone_page: Page, path: str) -> None:
    assert_no_violations(phone_page, path)
