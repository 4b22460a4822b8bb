"""The twelve tasks people came to the site with (issue 15), each from the home page in at most three steps.

Each test is one task, run in English, French and Spanish, at 1280x900 and on a 390x844 phone. A step is one
thing a user does that loads a page or a file: a click on a link or a button, a search typed and submitted, a
filter form filled in and submitted. `Journey` counts them; each test ends by asserting there were at most three.
What the user finds at the end (the figure, the dates, the list, the file with its as-at date and licence) is
checked against the register the server reads, not against numbers written here.

The tasks:
 1. ISU: the CCM signatories that have not ratified, downloaded as a spreadsheet.
 2. ISU: the CCM States Parties with an Article 4 (clearance) deadline in 2026, and whether each asked for more time.
 3. ISU: when Vanuatu joined the CCM and when the Convention enters into force for it.
 4. ISU: the number of States Parties on the day the First Review Conference opened.
 5. Campaigner: Indonesia's status on the CCM and the Mine Ban Treaty, with sources.
 6. Campaigner: the African States not party to the CCM.
 7. Campaigner: subscribing to the upcoming deadlines in a calendar.
 8. Journalist: who withdrew from the Mine Ban Treaty, and when.
 9. Journalist: a chart of CCM parties over time to cite.
10. Journalist: an API or a bulk download.
11. Diplomat: tasks 3 and 5 in French (the `fr` runs of those tests).
12. Keyboard only: task 5 without a mouse.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar
from openpyxl import load_workbook
from playwright.sync_api import Browser, Download, Locator, Page, expect

from tests.browser.conftest import DESKTOP, PHONE, _page
from treatywatch.lib.dates import add_months, date_words
from treatywatch.lib.licence import LICENCE_NAME, LICENCE_URL
from treatywatch.obligations.models import ObligationFact, ObligationFactKind
from treatywatch.outreach.models import Meeting, MeetingKind
from treatywatch.registry.currency import checked_on
from treatywatch.registry.labels import REGION_LABELS, STANDING_LABELS
from treatywatch.registry.models import DepositaryFact, FactKind, State, Treaty

MAX_STEPS = 3
LANGUAGES = ["en", "fr", "es"]
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
STATE_HREF = re.compile(r"/states/([A-Z]{3})/")


class Journey:
    """A user's way through the site in one language: where they start, and each step they take."""

    def __init__(self, page: Page, language: str) -> None:
        self.page = page
        self.language = language
        self.prefix = "" if language == "en" else f"/{language}"
        self.steps: list[str] = []

    def t(self, msgid: str, *, same_in_english: bool = False) -> str:
        """`msgid` as the site says it in this language; outside English it must not be left in English."""
        with translation.override(self.language):
            text = gettext(msgid)
        if self.language != "en" and not same_in_english:
            assert text != msgid, f"{msgid!r} is not translated into {self.language}"
        return text

    def words(self, day: date) -> str:
        """A day in words, as the site writes it in this language."""
        with translation.override(self.language):
            return date_words(day)

    def start(self) -> None:
        """The home page in this language (not a step: where every task begins)."""
        self.page.goto(f"{self.prefix}/")
        self._in_language()

    def step(self, action: Callable[[], object]) -> None:
        """One action that loads a page (a click, a search submitted, a filter form submitted)."""
        with self.page.expect_navigation():
            action()
        self.steps.append(self.page.url)
        self._in_language()

    def download(self, action: Callable[[], object]) -> Download:
        """One action that downloads a file."""
        with self.page.expect_download() as info:
            action()
        self.steps.append(info.value.url)
        return info.value

    def done(self) -> None:
        assert self.steps, "the task was not done from the home page"
        assert len(self.steps) <= MAX_STEPS, f"{len(self.steps)} steps: {self.steps}"

    def _in_language(self) -> None:
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)

    def treaty_card(self, slug: str) -> Locator:
        """The link to a treaty from the home page's cards."""
        return self.page.locator("ul.cards > li.card h2").get_by_role(
            "link", name=short_name(slug, self.language), exact=True
        )

    def treaty_section(self, slug: str) -> Locator:
        """A State page's section on one treaty."""
        heading = self.page.get_by_role("heading", name=short_name(slug, self.language), exact=True)
        return self.page.locator("section.state-treaty").filter(has=heading)


def treaty(slug: str) -> Treaty:
    return Treaty.objects.get(slug=slug)


def short_name(slug: str, language: str) -> str:
    with translation.override(language):
        return str(treaty(slug).display_short_name)


def name_in(state: State, language: str) -> str:
    with translation.override(language):
        return str(state.display_name)


@pytest.fixture(params=[(lang, view) for view in VIEWPORTS for lang in LANGUAGES], ids=lambda p: f"{p[0]}-{p[1]}")
def journey(request: pytest.FixtureRequest, browser: Browser, site: str) -> Iterator[Journey]:
    language, view = request.param
    options: dict[str, object] = {"viewport": VIEWPORTS[view]}
    if view == "phone":
        options.update(is_mobile=True, has_touch=True, device_scale_factor=3)
    for page in _page(browser, site, **options):
        yield Journey(page, language)


@pytest.fixture(params=LANGUAGES)
def keyboard_journey(request: pytest.FixtureRequest, browser: Browser, site: str) -> Iterator[Journey]:
    for page in _page(browser, site, viewport=DESKTOP):
        yield Journey(page, request.param)


# The register, as the expectations read it ------------------------------------------------------------


def facts(slug: str, kind: FactKind) -> dict[str, date]:
    """Each State's published fact of `kind` under the treaty, up to today: ISO code -> day."""
    found = DepositaryFact.objects.published().filter(
        treaty__slug=slug, kind=kind.value, date__lte=timezone.localdate()
    )
    return dict(found.values_list("state__iso3", "date"))


def entry_into_force(deposited: date) -> date:
    """CCM Article 17(2) and Mine Ban Treaty Article 17(2): the first day of the sixth month after the month of
    deposit (for a State that joined after the treaty itself entered into force)."""
    return add_months(deposited.replace(day=1), 6)


def parties_on(slug: str, day: date) -> int:
    """States Parties on `day`, as the depositary counts them: an instrument deposited, no withdrawal in effect."""
    deposited = DepositaryFact.objects.published().filter(treaty__slug=slug, kind=FactKind.DEPOSIT.value, date__lte=day)
    withdrawn = DepositaryFact.objects.published().filter(treaty__slug=slug, kind=FactKind.WITHDRAWAL.value)
    gone = {iso3 for iso3, notified in withdrawn.values_list("state__iso3", "date") if add_months(notified, 6) <= day}
    return len(set(deposited.values_list("state__iso3", flat=True)) - gone)


def listed_states(rows: Locator) -> list[str]:
    """The ISO codes of the States a list's rows link to, in their order."""
    codes = []
    for href in rows.locator("th[scope=row] a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))"):
        found = STATE_HREF.search(href)
        assert found, href
        codes.append(found.group(1))
    return codes


# 1. ISU: the CCM signatories that have not ratified, as a spreadsheet ---------------------------------------


@pytest.mark.browser
def test_1_ccm_signatories_not_ratified_as_a_spreadsheet(journey: Journey) -> None:
    page = journey.page
    signed = facts("ccm", FactKind.SIGNATURE)
    expected = set(signed) - set(facts("ccm", FactKind.DEPOSIT))
    journey.start()

    journey.step(lambda: journey.treaty_card("ccm").click())
    box = page.locator("dl.counts > div").filter(has=page.locator('[data-count="signatories_not_ratified"]'))
    expect(box.locator("dt")).to_have_text(journey.t("Signed, not party"))
    journey.step(lambda: box.get_by_role("link").click())

    rows = page.locator("table.states tbody tr")
    expect(rows).to_have_count(len(expected))
    assert set(listed_states(rows)) == expected
    download = journey.download(lambda: page.get_by_role("link", name="XLSX", exact=True).click())
    journey.done()

    book = load_workbook(io.BytesIO(download_bytes(download)))
    sheet = book.worksheets[0]
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in body} == expected
    states = State.objects.in_bulk(list(expected), field_name="iso3")
    assert {row[1] for row in body} == {name_in(states[code], journey.language) for code in expected}
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    record_checked = checked_on(treaty("ccm"))
    assert record_checked is not None
    assert about["record_checked_on (ccm)"] == record_checked.isoformat()
    assert about["status"] == "signatory"
    assert LICENCE_NAME in about["licence"] and LICENCE_URL in about["licence"]


def download_bytes(download: Download) -> bytes:
    path = download.path()
    assert path is not None
    return path.read_bytes()


# 2. ISU: Article 4 deadlines in 2026, and whether each State asked for an extension ---------------------------


@pytest.mark.browser
def test_2_article_4_deadlines_in_2026_and_extension_requests(journey: Journey) -> None:
    page = journey.page
    journey.start()

    journey.step(lambda: journey.treaty_card("ccm").click())
    journey.step(
        lambda: page.get_by_role("link", name=journey.t("Obligations and deadlines of the States Parties")).click()
    )

    def filter_clearance_in_2026() -> None:
        form = page.locator("form.filters")
        form.get_by_label(journey.t("Obligation", same_in_english=True), exact=True).select_option("clearance")
        form.get_by_label(journey.t("Deadline year")).select_option("2026")
        form.get_by_role("button", name=journey.t("Filter")).click()

    journey.step(filter_clearance_in_2026)
    journey.done()

    expect(page).to_have_url(re.compile(r"obligation=clearance.*year=2026.*#results$"))
    rows = page.locator("table.obligations tbody tr")
    shown = listed_states(rows)
    # The same list as the page's own JSON download of it (what an ISU would keep), and every deadline in 2026.
    listed = page.request.get(page.get_by_role("link", name="JSON").get_attribute("href") or "").json()["deadlines"]
    assert shown == [d["iso3"] for d in listed] and shown
    assert all(d["current_deadline"].startswith("2026-") and d["obligation"] == "clearance" for d in listed)
    asked = set(
        ObligationFact.objects.filter(
            treaty__slug="ccm", obligation="clearance", kind=ObligationFactKind.EXTENSION_REQUESTED.value
        ).values_list("state__iso3", flat=True)
    )
    requested = re.compile(re.escape(journey.t("extension requested")), re.IGNORECASE)
    for code, row in zip(shown, rows.all(), strict=True):
        expect(row.locator("td.cell-status")).to_be_visible()
        if code in asked:
            expect(row.locator("td.cell-source li").filter(has_text=requested).first).to_be_visible()
        else:
            expect(row.locator("td.cell-source li").filter(has_text=requested)).to_have_count(0)


# 3. ISU (and 11. a diplomat, in French): when Vanuatu joined the CCM and when it enters into force for it -----


@pytest.mark.browser
def test_3_when_vanuatu_joined_the_ccm_and_when_it_enters_into_force(journey: Journey) -> None:
    page = journey.page
    deposited = facts("ccm", FactKind.DEPOSIT)["VUT"]
    vanuatu = State.objects.get(iso3="VUT")
    journey.start()

    def find_vanuatu() -> None:
        search = page.get_by_role("search").get_by_role("searchbox")
        search.fill(name_in(vanuatu, journey.language))
        search.press("Enter")

    journey.step(find_vanuatu)
    journey.done()

    expect(page.get_by_role("heading", level=1)).to_contain_text(name_in(vanuatu, journey.language))
    ccm = journey.treaty_section("ccm")
    expect(ccm.locator("dl.facts")).to_contain_text(journey.words(deposited))
    expect(ccm.locator("dl.facts")).to_contain_text(journey.words(entry_into_force(deposited)))
    expect(ccm.locator("dl.facts")).to_contain_text(journey.t("Entry into force"))
    expect(ccm.locator("dl.facts")).to_be_visible()


# 4. ISU: the number of States Parties on the day the First Review Conference opened ---------------------------


@pytest.mark.browser
def test_4_states_parties_on_the_day_the_first_review_conference_opened(journey: Journey) -> None:
    page = journey.page
    conference = Meeting.objects.get(treaty__slug="ccm", kind=MeetingKind.REVIEW_CONFERENCE, number=1)
    assert conference.starts_on is not None
    journey.start()

    journey.step(lambda: journey.treaty_card("ccm").click())
    journey.step(
        lambda: page.get_by_role("link", name=journey.t("Meetings of States Parties and Coordinators")).click()
    )
    row = page.locator(f'tr[data-meeting="{conference.label}"]')
    expect(row).to_contain_text(journey.words(conference.starts_on))
    journey.step(lambda: row.get_by_role("link", name=journey.t("States Parties on the opening day")).click())
    journey.done()

    expect(page).to_have_url(re.compile(rf"as_of={conference.starts_on.isoformat()}"))
    expect(page.locator("#counts")).to_contain_text(journey.words(conference.starts_on))
    parties = page.locator('[data-count="parties"]')
    expect(parties).to_be_in_viewport()
    expect(parties).to_have_text(str(parties_on("ccm", conference.starts_on)))


# 5. Campaigner (and 11. a diplomat, in French): Indonesia on the CCM and the Mine Ban Treaty, with sources -----


def expected_standing(slug: str, iso3: str) -> str:
    """The State's standing in the legend's words' key, from its facts under the treaty (no withdrawal here)."""
    today = timezone.localdate()
    assert iso3 not in facts(slug, FactKind.WITHDRAWAL)
    deposited = facts(slug, FactKind.DEPOSIT).get(iso3)
    if deposited is not None:
        return "in_force" if entry_into_force(deposited) <= today else "not_in_force"
    return "signatory" if iso3 in facts(slug, FactKind.SIGNATURE) else "not_signed"


def assert_indonesia_with_sources(journey: Journey) -> None:
    page = journey.page
    indonesia = State.objects.get(iso3="IDN")
    expect(page.get_by_role("heading", level=1)).to_contain_text(name_in(indonesia, journey.language))
    for slug in ("ccm", "apmbc"):
        section = journey.treaty_section(slug)
        with translation.override(journey.language):
            status = str(STANDING_LABELS[expected_standing(slug, "IDN")])
        expect(section.locator(".status").first).to_have_text(status)
        expect(section.locator(".status").first).to_be_visible()
        for fact in DepositaryFact.objects.published().filter(treaty__slug=slug, state=indonesia):
            source = section.locator("table.facts-table td.cell-source").locator(f'a[href="{fact.source.url}"]')
            expect(source.first).to_be_visible()
            expect(section.locator("table.facts-table")).to_contain_text(fact.date.isoformat())


@pytest.mark.browser
def test_5_indonesia_on_the_ccm_and_the_mine_ban_treaty_with_sources(journey: Journey) -> None:
    page = journey.page
    journey.start()

    def find_indonesia() -> None:
        search = page.get_by_role("search").get_by_role("searchbox")
        search.fill(name_in(State.objects.get(iso3="IDN"), journey.language))
        page.get_by_role("search").get_by_role("button", name=journey.t("Find")).click()

    journey.step(find_indonesia)
    journey.done()

    expect(page).to_have_url(re.compile(r"/states/IDN/"))
    assert_indonesia_with_sources(journey)


# 6. Campaigner: the African States not party to the CCM ----------------------------------------------------


@pytest.mark.browser
def test_6_african_states_not_party_to_the_ccm(journey: Journey) -> None:
    page = journey.page
    today = timezone.localdate()
    african = set(State.objects.existing_on(today).filter(region="Africa").values_list("iso3", flat=True))
    expected = african - set(facts("ccm", FactKind.DEPOSIT))
    assert not african & set(facts("ccm", FactKind.WITHDRAWAL))
    journey.start()

    journey.step(lambda: journey.treaty_card("ccm").click())

    def filter_african_not_parties() -> None:
        form = page.locator("form.filters")
        form.get_by_label(journey.t("Not party"), exact=True).check()
        with translation.override(journey.language):
            africa = str(REGION_LABELS["Africa"])
        form.get_by_label(journey.t("Region")).select_option(label=africa)
        form.get_by_role("button", name=journey.t("Filter")).click()

    journey.step(filter_african_not_parties)
    journey.done()

    expect(page).to_have_url(re.compile(r"status=not_party.*region=Africa.*#results$"))
    rows = page.locator("table.states tbody tr")
    expect(rows).to_have_count(len(expected))
    assert set(listed_states(rows)) == expected
    expect(page.locator("p.result-count")).to_be_in_viewport()
    expect(page.locator("p.result-count")).to_contain_text(str(len(expected)))


# 7. Campaigner: the upcoming deadlines in a calendar ------------------------------------------------------


@pytest.mark.browser
def test_7_subscribe_to_the_upcoming_deadlines_in_a_calendar(journey: Journey) -> None:
    page = journey.page
    journey.start()

    journey.step(lambda: journey.treaty_card("ccm").click())
    journey.done()

    block = page.locator("section.subscribe")
    subscribe = block.locator('a[href^="webcal://"]').first
    expect(subscribe).to_have_attribute(
        "href", re.compile(rf"^webcal://[^/]+{journey.prefix}/treaties/ccm/deadlines\.ics$")
    )
    subscribe.scroll_into_view_if_needed()
    expect(subscribe).to_be_visible()
    block.get_by_text(journey.t("How to add it to your calendar")).click()
    for program in ("Google Calendar", "Outlook", "Apple Calendar"):
        expect(block.get_by_text(journey.t(program, same_in_english=True), exact=True)).to_be_visible()

    address = block.get_by_label(journey.t("Address to copy")).first.input_value()
    feed = page.request.get(address)
    assert feed.headers["content-type"].startswith("text/calendar")
    today = timezone.localdate()
    upcoming = sorted(
        event.decoded("DTSTART")
        for event in Calendar.from_ical(feed.body()).walk("VEVENT")
        if event.decoded("DTSTART") >= today
    )
    summary = block.locator("p").first
    if upcoming:
        expect(summary).to_contain_text(journey.words(upcoming[0]))
        expect(summary).to_contain_text(str(len(upcoming)))
    else:
        expect(summary).to_contain_text(journey.t("No upcoming dates: no deadline is ahead today."))


# 8. Journalist: who withdrew from the Mine Ban Treaty, and when -------------------------------------------------


@pytest.mark.browser
def test_8_who_withdrew_from_the_mine_ban_treaty_and_when(journey: Journey) -> None:
    page = journey.page
    notified = facts("apmbc", FactKind.WITHDRAWAL)
    assert notified
    journey.start()

    journey.step(lambda: journey.treaty_card("apmbc").click())

    def filter_withdrawals() -> None:
        form = page.locator("form.filters")
        form.get_by_label(journey.t("Withdrawal notified"), exact=True).check()
        form.get_by_label(journey.t("Withdrawn"), exact=True).check()
        form.get_by_role("button", name=journey.t("Filter")).click()

    journey.step(filter_withdrawals)
    journey.done()

    rows = page.locator("table.states tbody tr")
    expect(rows).to_have_count(len(notified))
    assert set(listed_states(rows)) == set(notified)
    for code, row in zip(listed_states(rows), rows.all(), strict=True):
        # Article 20(3): a withdrawal takes effect six months after the depositary receives it.
        expect(row.locator("td.cell-status")).to_contain_text(add_months(notified[code], 6).isoformat())
        expect(row.locator("td.cell-status")).to_be_visible()


# 9. Journalist: a chart of CCM parties over time, to cite ------------------------------------------------------


@pytest.mark.browser
def test_9_a_chart_of_ccm_parties_over_time_to_cite(journey: Journey) -> None:
    page = journey.page
    record_checked = checked_on(treaty("ccm"))
    assert record_checked is not None
    journey.start()

    journey.step(lambda: journey.treaty_card("ccm").click())
    expect(page.locator("figure.chart svg:visible")).to_have_count(1)
    about = page.locator(".chart-cite")
    cite = about.locator("p").filter(has_text=journey.t("Cite as:"))
    expect(cite).to_contain_text(short_name("ccm", journey.language))
    expect(cite).to_contain_text(journey.words(timezone.localdate()))
    expect(about).to_contain_text(record_checked.isoformat())
    expect(about.get_by_role("link", name=LICENCE_NAME)).to_have_attribute("href", LICENCE_URL)

    svg = journey.download(lambda: about.get_by_role("link", name="SVG").click())
    png = journey.download(lambda: about.get_by_role("link", name="PNG").click())
    journey.done()

    drawing = download_bytes(svg).decode()
    assert drawing.startswith("<svg") or drawing.startswith("<?xml")
    assert record_checked.isoformat() in drawing and LICENCE_NAME in drawing and LICENCE_URL in drawing
    assert download_bytes(png).startswith(b"\x89PNG")
    assert timezone.localdate().isoformat() in png.suggested_filename


# 10. Journalist: the API, or the whole register to download -----------------------------------------------------


@pytest.mark.browser
def test_10_an_api_or_a_bulk_download(journey: Journey) -> None:
    page = journey.page
    journey.start()

    journey.step(lambda: page.get_by_role("navigation", name=journey.t("Main")).get_by_role("link", name="API").click())
    # The page's own heading (the interactive reference below it, drawn by script, has one of its own).
    expect(page.get_by_role("heading", level=1, name=journey.t("API documentation"), exact=True)).to_be_visible()
    expect(page.locator("main").get_by_role("link", name=LICENCE_NAME).first).to_have_attribute("href", LICENCE_URL)
    journey.step(lambda: page.locator("main").get_by_role("link", name=journey.t("Data and licence")).click())
    archive = journey.download(lambda: page.get_by_role("link", name="treatywatch-data.zip").click())
    journey.done()

    with zipfile.ZipFile(io.BytesIO(download_bytes(archive))) as files:
        names = files.namelist()
        readme = files.read("README.txt").decode()
    assert "dictionary.csv" in names and "depositary-facts.csv" in names
    assert LICENCE_NAME in readme and LICENCE_URL in readme
    for checked in Treaty.objects.filter(record_checked_by__isnull=False):
        day = checked_on(checked)
        assert day is not None and day.isoformat() in readme


# 12. Keyboard only: Indonesia on both treaties, with sources, without a mouse ------------------------------------


def tab_to(page: Page, target: Locator, limit: int) -> int:
    """Press Tab until `target` has the focus; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("(el) => el === document.activeElement"):
            return presses
    raise AssertionError(f"not reached with {limit} presses of Tab")


@pytest.mark.browser
def test_12_indonesia_with_the_keyboard_only(keyboard_journey: Journey) -> None:
    journey = keyboard_journey
    page = journey.page
    journey.start()

    search = page.get_by_role("search").get_by_role("searchbox")
    tab_to(page, search, limit=15)

    def type_and_enter() -> None:
        page.keyboard.type(name_in(State.objects.get(iso3="IDN"), journey.language))
        page.keyboard.press("Enter")

    journey.step(type_and_enter)
    journey.done()

    assert_indonesia_with_sources(journey)
    ccm = journey.treaty_section("ccm")
    source = ccm.locator("table.facts-table td.cell-source a").first
    tab_to(page, source, limit=80)
    expect(source).to_be_focused()
    expect(source).to_be_in_viewport()
