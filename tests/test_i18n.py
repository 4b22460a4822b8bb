"""The French and Spanish interface: complete catalogs, compiled files in step, translated pages."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ("fr", "es")

# Python-format placeholders: %(name)s, %(value)r, %s, %d, and the escaped %%.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx%]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(text: str) -> str:
    value = ast.literal_eval(text.strip())
    assert isinstance(value, str)
    return value


def parse_po(path: Path) -> list[Entry]:
    """A small reader of the .po files makemessages writes (no polib here)."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = Entry()
        current: str | None = None
        plural_forms: dict[int, str] = {}
        for raw in block.splitlines():
            line = raw
            if line.startswith("#~"):
                entry.obsolete = True
                line = line[2:].strip()
                if not line:
                    continue
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
                continue
            elif line.startswith("#"):
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$", line)
            if match:
                current = match.group(1)
                value = _unquote(match.group(3))
                if match.group(2) is not None:
                    plural_forms[int(match.group(2))] = value
                    current = f"msgstr[{match.group(2)}]"
                elif current == "msgstr":
                    plural_forms[0] = value
                else:
                    setattr(entry, current, value)
            else:
                assert line.startswith('"'), f"{path}: cannot read {raw!r}"
                assert current is not None, f"{path}: continuation before any keyword: {raw!r}"
                value = _unquote(line)
                if current.startswith("msgstr"):
                    index = int(current[7:-1]) if "[" in current else 0
                    plural_forms[index] += value
                else:
                    setattr(entry, current, (getattr(entry, current) or "") + value)
        entry.msgstr = [plural_forms[i] for i in sorted(plural_forms)]
        entries.append(entry)
    return entries


def header(entries: list[Entry]) -> dict[str, str]:
    first = entries[0]
    assert first.msgid == "" and first.msgctxt is None, "the header comes first"
    lines = (line.split(":", 1) for line in first.msgstr[0].splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in lines}


def messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries[1:] if not e.obsolete]


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.mo"


def nplurals(entries: list[Entry]) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header(entries)["Plural-Forms"])
    assert match is not None
    return int(match.group(1))


# --- The catalogs ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_a_usable_header(language: str) -> None:
    entries = parse_po(po_path(language))
    info = header(entries)
    assert "fuzzy" not in entries[0].flags, "msgfmt ignores a fuzzy header"
    assert info["Language"] == language
    assert "charset=UTF-8" in info["Content-Type"]
    assert nplurals(entries) >= 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    entries = parse_po(po_path(language))
    found = messages(entries)
    assert len(found) > 100, "the whole interface is in the catalog"
    forms = nplurals(entries)
    untranslated = [e.msgid for e in found if not e.msgstr or not all(s.strip() for s in e.msgstr)]
    fuzzy = [e.msgid for e in found if "fuzzy" in e.flags]
    wrong_forms = [e.msgid for e in found if e.msgid_plural is not None and len(e.msgstr) != forms]
    not_plural = [e.msgid for e in found if e.msgid_plural is None and len(e.msgstr) != 1]
    assert untranslated == []
    assert fuzzy == []
    assert wrong_forms == []
    assert not_plural == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    wrong = []
    for entry in messages(parse_po(po_path(language))):
        wanted = Counter(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural is not None:
            assert Counter(PLACEHOLDER.findall(entry.msgid_plural)) == wanted
        if wanted and "python-format" not in entry.flags:
            wrong.append((entry.msgid, "not flagged python-format"))
        wrong += [(entry.msgid, s) for s in entry.msgstr if Counter(PLACEHOLDER.findall(s)) != wanted]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_obsolete_entries_are_left(language: str) -> None:
    stale = [e.msgid for e in parse_po(po_path(language)) if e.obsolete]
    assert stale == [], "strings no longer in the code: drop them from the catalog"


def test_french_and_spanish_catalogs_hold_the_same_messages() -> None:
    keys = [{(e.key, e.msgid_plural) for e in messages(parse_po(po_path(language)))} for language in LANGUAGES]
    assert keys[0] == keys[1]


def test_catalogs_hold_exactly_the_strings_marked_in_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run makemessages on a copy of the code: it must find nothing new and nothing gone."""
    shutil.copytree(ROOT / "treatywatch", tmp_path / "treatywatch", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(LOCALE, tmp_path / "locale")
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=list(LANGUAGES), verbosity=0)
    for language in LANGUAGES:
        fresh = {
            e.key: e.msgid_plural
            for e in messages(parse_po(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po"))
        }
        shipped = {e.key: e.msgid_plural for e in messages(parse_po(po_path(language)))}
        assert sorted(set(fresh) - set(shipped)) == [], f"{language}: marked in the code, missing from the catalog"
        assert sorted(set(shipped) - set(fresh)) == [], f"{language}: in the catalog, no longer in the code"
        assert fresh == shipped


# --- The compiled catalogs -------------------------------------------------------------------------------------


def _mo_key(entry: Entry) -> str:
    return entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_the_po_file(language: str) -> None:
    """The committed .mo serves a machine without gettext: it must say exactly what the .po says."""
    with mo_path(language).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog: dict[str | tuple[str, int], str] = compiled._catalog  # type: ignore[attr-defined]
    entries = parse_po(po_path(language))
    expected: dict[str | tuple[str, int], str] = {}
    for entry in messages(entries):
        if entry.msgid_plural is None:
            expected[_mo_key(entry)] = entry.msgstr[0]
        else:
            for index, form in enumerate(entry.msgstr):
                expected[(_mo_key(entry), index)] = form
    compiled_messages = {key: value for key, value in catalog.items() if key != ""}
    assert compiled_messages == expected
    assert compiled.info().get("language") == language
    assert compiled.info().get("plural-forms") == header(entries)["Plural-Forms"]


# --- The pages -------------------------------------------------------------------------------------------------


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def page(client: Client, url: str, **query: str) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, url
    return response.content.decode()


def test_english_stays_the_default_language(client: Client) -> None:
    html = page(client, "/treaties/ccm/", as_of="2026-02-03")
    assert '<html lang="en">' in html
    assert "Key dates" in html and "Dates clés" not in html


def test_treaty_page_in_french(client: Client) -> None:
    html = page(client, "/fr/treaties/ccm/", as_of="2026-02-03")
    assert '<html lang="fr">' in html
    assert "Dates clés" in html and "Key dates" not in html
    assert "<dt>États parties</dt>" in html
    assert "Signataires" in html
    assert "Entrée en vigueur" in html
    assert "Partie, en vigueur" in html
    assert "Collection des traités des Nations Unies, chapitre XXVI-6" in html
    assert "1er août 2010" in html  # the CCM's entry into force: French writes the first of a month "1er"
    assert "Évolution du nombre d’États parties" in html
    assert "Parties over time" not in html


def test_treaty_page_in_spanish(client: Client) -> None:
    html = page(client, "/es/treaties/ccm/")
    assert '<html lang="es">' in html
    assert "Fechas clave" in html and "Key dates" not in html
    assert "<dt>Estados partes</dt>" in html
    assert "Signatarios" in html
    assert "Entrada en vigor" in html
    assert "Parte, en vigor" in html
    assert "Party, in force" not in html
    assert "No signatario" in html
    assert "Colección de Tratados de las Naciones Unidas" in html


def test_status_words_and_plurals_follow_the_language(client: Client) -> None:
    # Lithuania notified its withdrawal from the CCM; it took effect on 2025-03-06.
    spanish = page(client, "/es/treaties/ccm/", as_of="2026-02-03", status="withdrawn")
    assert "Retirado (2025-03-06)" in spanish
    assert "1 Estado<" in spanish
    french = page(client, "/fr/treaties/ccm/", as_of="2026-02-03", status="withdrawn")
    assert "Retiré (2025-03-06)" in french
    assert "1 État<" in french
    signatories = page(client, "/fr/treaties/ccm/", as_of="2026-02-03", status="signatory")
    assert re.search(r"\d+ États<", signatories)
    assert re.search(r'value="signatory" checked>\s*Signataire non partie\s*</label>', signatories)
    assert ">Toutes les régions<" in signatories


def test_home_page_in_both_languages(client: Client) -> None:
    french = page(client, "/fr/", as_of="2026-02-03")
    assert "Traités de désarmement humanitaire" in french
    assert "La situation de chaque État au 3 février 2026" in french
    spanish = page(client, "/es/", as_of="2026-02-03")
    assert "Tratados de desarme humanitario" in spanish
    assert "febrero" in spanish
    assert "Rules registered" not in spanish


def test_error_messages_are_translated(client: Client) -> None:
    response = client.get("/fr/treaties/ccm/", {"status": "nice"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Impossible de répondre à cette requête" in html
    assert "ne fait pas partie des valeurs" in html
    response = client.get("/es/treaties/ccm/", {"region": "Atlantis"})
    assert response.status_code == 400
    assert "no es una región M49 de las Naciones Unidas" in response.content.decode()


def test_admin_login_names_the_site_in_the_language(client: Client) -> None:
    assert "Rédaction de Treatywatch" in page(client, "/fr/admin/login/")
    assert "Editores de Treatywatch" in page(client, "/es/admin/login/")


# --- State names -----------------------------------------------------------------------------------------------


def test_state_names_come_from_pycountry_per_language(client: Client) -> None:
    french = page(client, "/fr/states/DEU/", as_of="2026-02-03")
    assert "<h1>Allemagne</h1>" in french
    spanish = page(client, "/es/states/DEU/", as_of="2026-02-03")
    assert "<h1>Alemania</h1>" in spanish
    assert "<h1>Germany</h1>" in page(client, "/states/DEU/", as_of="2026-02-03")
    assert "Allemagne" in page(client, "/fr/states/")
    assert "Alemania" in page(client, "/es/states/")


def test_state_profile_facts_are_translated(client: Client) -> None:
    french = page(client, "/fr/states/DEU/", as_of="2026-02-03")
    assert "Partie, en vigueur" in french
    assert "(ratification)" in french
    assert "Faits enregistrés par le dépositaire et leurs sources" in french
    assert "Europe" in french
    spanish = page(client, "/es/states/DEU/", as_of="2026-02-03")
    assert "Parte, en vigor" in spanish
    assert "(ratificación)" in spanish
    assert re.search(r"<td[^>]*>\s*firma\s*</td>", spanish)
    assert "Europa" in spanish
    assert "primaria" in spanish
