"""Sources people can read: a short citation as the link, the provenance note apart, badges that match the
publisher, and each depositary notification linked to its notice at the UN Treaty Collection."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from django.test import Client

from treatywatch.registry.citations import notification_url, original_address, split_citation
from treatywatch.registry.models import DepositaryFact, Source

from .conftest import DATA


@pytest.mark.parametrize(
    ("citation", "short", "note"),
    [
        (
            "Implementation Support Unit of the Convention on Cluster Munitions, 'Vientiane Action Plan' (mirror on "
            "ccm4.pronk.se): adopted 12 November 2010",
            "Implementation Support Unit of the Convention on Cluster Munitions, 'Vientiane Action Plan'",
            "(mirror on ccm4.pronk.se): adopted 12 November 2010",
        ),
        # A date or an acronym in brackets belongs to the short citation; an apostrophe opens no quote.
        (
            "Human Rights Watch, 'Cluster Bomb Treaty: Nations Approve Bold Action Plan' (13 November 2010)",
            "Human Rights Watch, 'Cluster Bomb Treaty: Nations Approve Bold Action Plan' (13 November 2010)",
            "",
        ),
        (
            "CCM Implementation Support Unit, 'Lao PDR's CCM Article 4 extension request', 20 November 2018 (mirror)",
            "CCM Implementation Support Unit, 'Lao PDR's CCM Article 4 extension request', 20 November 2018",
            "(mirror)",
        ),
        # A data file's tag goes to the note.
        ("CMM16-BP: Landmine and Cluster Munition Monitor", "Landmine and Cluster Munition Monitor", "CMM16-BP"),
        ("Cluster Munition Monitor 2022, Guinea-Bissau: Cluster Munition Ban Policy", None, ""),
    ],
)
def test_a_citation_splits_into_a_short_citation_and_its_note(citation: str, short: str | None, note: str) -> None:
    assert split_citation(citation) == (short or citation, note)


def test_the_state_page_cites_the_short_citation_and_the_note_apart(client: Client, db: None) -> None:
    page = client.get("/states/ALB/", {"as_of": "2026-02-03"}).content.decode()
    untc = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&amp;mtdsg_no=XXVI-6&amp;chapter=26&amp;clang=_en"
    assert f'<a href="{untc}">UNTC MTDSG XXVI-6 status as at 2026-02-03</a>' in page
    note = re.search(r'<small class="source-note">([^<]*)</small>', page)
    assert note is not None and note[1].startswith("(HTML snapshot in github:mgaldino/treaties-ideal-point")
    assert '(retrieved 3 February 2026)</span> <span class="badge">primary</span>' in page


def test_an_action_plan_cites_its_mirror_in_the_note(client: Client, db: None) -> None:
    page = client.get("/treaties/ccm/action-plans/vientiane/").content.decode()
    assert (
        '<a href="https://ccm4.pronk.se/vientiane-action-plan/">Implementation Support Unit of the Convention on '
        "Cluster Munitions, &#x27;Vientiane Action Plan&#x27;</a>" in page
    )
    assert '<small class="source-note">(mirror on ccm4.pronk.se): adopted 12 November 2010' in page


def test_a_page_read_on_a_mirror_gives_the_original_address_and_its_archived_copy(client: Client, db: None) -> None:
    page = client.get("/treaties/ccm/action-plans/vientiane/").content.decode()
    mirrors = re.findall(r'<small class="source-mirror">(.*?)</small>', page)
    original = "https://www.clusterconvention.org/vientiane-action-plan/"
    archived = rf'<a href="https://web\.archive\.org/web/(\d{{8}}|\*)/{re.escape(original)}">archived copy</a>'
    assert any(
        "a copy of a page of www.clusterconvention.org" in m
        and f'<a href="{original}">original address</a>' in m
        and re.search(archived, m)
        for m in mirrors
    ), mirrors
    french = client.get("/fr/treaties/ccm/action-plans/vientiane/").content.decode()
    assert "copie d’une page de www.clusterconvention.org" in french and "adresse d’origine" in french


def test_a_source_not_on_a_mirror_has_no_original_address(db: None) -> None:
    assert original_address("https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY") == ""
    assert original_address("https://CCM3.pronk.se/2msp/?p=1") == "https://www.clusterconvention.org/2msp/?p=1"


def test_a_depositary_notification_links_to_its_notice(client: Client, db: None) -> None:
    page = client.get("/states/LTU/", {"as_of": "2026-02-03"}).content.decode()
    notice = "https://treaties.un.org/doc/Publication/CN/2024/CN.347.2024-Eng.pdf"
    assert f'<a href="{notice}">C.N.347.2024.TREATIES-XXVI-6</a>' in page
    assert notification_url("not a notification") == ""


def test_each_notification_links_where_its_status_page_links_it(db: None) -> None:
    notified = DepositaryFact.objects.exclude(depositary_notification="").select_related("treaty")
    assert notified.exists()
    for fact in notified:
        page = (DATA / "untc" / f"{fact.treaty.slug}.html").read_text(encoding="utf-8")
        assert f"href='{notification_url(fact.depositary_notification)}'" in page, fact.depositary_notification


# The publishers whose documents are primary: the depositary, the treaty's own bodies. Those whose documents are
# secondary: the Monitor, campaigners, researchers. (Rule: docs/editors.md, "Primary and secondary sources".)
PRIMARY = ("UN Treaty Collection", "UNTC", "Implementation Support Unit", "CCM Implementation Support Unit", "ISU-")
SECONDARY = ("Cluster Munition Monitor", "Landmine and Cluster Munition Monitor", "CMM", "MON-", "Human Rights Watch")


def test_the_shipped_badges_match_the_publisher(db: None) -> None:
    flags: dict[str, set[bool]] = defaultdict(set)
    for source in Source.objects.all():
        if source.url:
            flags[source.url.rstrip("/")].add(source.primary)
        if source.citation.startswith(PRIMARY):
            assert source.primary, source.citation
        if source.citation.startswith(SECONDARY):
            assert not source.primary, source.citation
    assert not [url for url, seen in flags.items() if len(seen) > 1], "one address, one badge"
