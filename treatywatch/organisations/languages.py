"""Languages as organisations and contacts record them: ISO 639-1 codes (en, fr, es), checked against pycountry's
list, so that a brief or an e-mail can be chosen by them and a typo is refused rather than kept."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pycountry
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """The codes that are not ISO 639-1 language codes (two lower-case letters that pycountry knows)."""
    return [code for code in codes if not (len(code) == 2 and code.islower() and pycountry.languages.get(alpha_2=code))]


def validate_language_codes(value: Any) -> None:
    """A model field's validator: a list of distinct ISO 639-1 codes."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Give the languages as a list of codes such as en, fr, es."))
    unknown = unknown_codes(value)
    if unknown:
        raise ValidationError(
            _("%(codes)s: not a language code; use two-letter ISO 639-1 codes such as en, fr, es.")
            % {"codes": ", ".join(repr(code) for code in unknown)}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Name each language once."))


def language_name(code: str) -> str:
    found = pycountry.languages.get(alpha_2=code)
    return str(found.name) if found else code


class LanguageCodesField(forms.CharField):
    """Codes typed as a list ("en, fr"), cleaned into a list of distinct lower-case codes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("help_text", _("Two-letter codes separated by commas, such as en, fr, es."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            return [str(code) for code in value]
        text = super().to_python(value) or ""
        codes = [code.strip().lower() for code in text.replace(";", ",").split(",") if code.strip()]
        return list(dict.fromkeys(codes))

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        validate_language_codes(value)

    def run_validators(self, value: Any) -> None:
        # The length is the typed text's, checked by the widget; the list is checked by `validate`.
        return None
