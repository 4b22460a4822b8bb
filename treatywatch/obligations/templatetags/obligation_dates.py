"""`{% approximate value %}`: a date in words with its ISO value to its precision, in a <time> element."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import format_html

from treatywatch.core.approximate import ApproximateDate
from treatywatch.lib.dates import date_words

register = template.Library()


@register.simple_tag
def approximate(value: ApproximateDate | date | None) -> str:
    if value is None:
        return ""
    iso = value.iso() if isinstance(value, ApproximateDate) else value.isoformat()
    return format_html('<time datetime="{}">{}</time>', iso, date_words(value))
