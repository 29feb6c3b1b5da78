"""Small template helpers that depend on the visitor's language."""

from django import template
from django.utils import translation

register = template.Library()


@register.filter
def listing(values):
    """Joins names the way the language lists them: 「、」 in Japanese, commas elsewhere."""
    separator = "、" if (translation.get_language() or "ja").startswith("ja") else ", "
    return separator.join(str(v) for v in values)
