from django import template

from treatywatch.web.labels import INSTRUMENT_LABELS, REGION_LABELS

register = template.Library()


@register.filter
def instrument_label(value: str | None) -> str:
    return str(INSTRUMENT_LABELS.get(value or "", value or ""))


@register.filter
def region_label(value: str) -> str:
    return str(REGION_LABELS.get(value, value))
