import pytest


@pytest.mark.browser
def test_explore(page):
    page.goto("/treaties/ccm/?as_of=2026-02-03")
    print(page.locator("form.language input[name=next]").get_attribute("value"))
    print(page.locator("#language-select").inner_html())
    page.select_option("#language-select", value="fr")
    page.locator("form.language button").click()
    page.wait_for_load_state()
    print(page.url, page.locator("html").get_attribute("lang"), page.title())
    page.goto("/fr/treaties/ccm/?as_of=2026-02-03")
    print(page.locator("form.language input[name=next]").get_attribute("value"))
    page.goto("/states/LTU/")
    print(page.locator("form.language input[name=next]").get_attribute("value"))
    page.goto("/treaties/ccm/?as_of=2026-02-03&status=withdrawn")
    print(page.locator("table.states tbody").inner_text())
