"""Every kind of page works under the strict Content-Security-Policy: Chromium reports no violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.test_accessibility import shipped_activity

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
});
"""

PAGES = {
    "home": ("/", "h1"),
    "treaty": ("/treaties/ccm/", "h1"),
    "compliance": ("/treaties/ccm/compliance/", "h1"),
    "universalization board": ("/treaties/ccm/universalization/", "h1"),
    "institutions": ("/treaties/ccm/institutions/", "h1"),
    "activities": ("/activities/", "h1"),
    "action plans": ("/treaties/ccm/action-plans/", "h1"),
    "action plan": ("/treaties/ccm/action-plans/dubrovnik/", "h1"),
    "states": ("/states/", "h1"),
    "State": ("/states/NOR/", "h1"),
    "API docs": ("/api/v1/docs", ".swagger-ui .info .title"),
    "API docs in French": ("/fr/api/", ".swagger-ui .info .title"),
    "data": ("/data/", "h1"),
    "admin sign-in": ("/admin/login/", "#login-form"),
    "sign-in": ("/accounts/sign-in/?next=/activities/new/", "form.entry-form"),
    "password reset": ("/accounts/password/reset/", "form.entry-form"),
    "activity": ("/activities/{shipped}/", "h1"),
}


@pytest.mark.browser
@pytest.mark.parametrize("kind", PAGES)
def test_a_page_loads_with_no_policy_violation(page: Page, kind: str) -> None:
    url, shown = PAGES[kind]
    url = url.format(shipped=shipped_activity())
    console: list[str] = []

    def keep_policy_messages(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            console.append(message.text)

    page.on("console", keep_policy_messages)
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(url)

    assert response is not None and response.ok
    assert "default-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(shown).first).to_be_visible()  # the API docs draw themselves with their scripts
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.cspViolations") == []
    assert console == []


@pytest.mark.browser
def test_the_api_docs_try_a_request_with_no_policy_violation(page: Page) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto("/api/v1/docs")

    page.locator("#operations-default-treatywatch_api_api_list_treaties .opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()

    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.cspViolations") == []
