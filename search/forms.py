"""Checks the search parameters (CONTRACT §4) for the HTML page and the API alike."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal import languages
from services import facets

from .cache import site_memo

FACETS = facets.MODELS
MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 50
MAX_PAGE = 10_000  # CONTRACT §4
DEFAULT_PAGE_SIZE = 20


def taxonomy_slugs(facet):
    """The slugs of a taxonomy, kept per process until a taxonomy changes (search.cache)."""
    model = FACETS[facet]
    return site_memo.get(("slugs", facet), lambda: frozenset(model.objects.values_list("slug", flat=True)))


class FacetField(forms.MultipleChoiceField):
    def __init__(self, facet, **kwargs):
        self.facet = facet
        super().__init__(required=False, **kwargs)

    def validate(self, value):
        known = taxonomy_slugs(self.facet)
        unknown = [v for v in value if v not in known]
        if unknown:
            raise forms.ValidationError(
                _("Unknown %(facet)s: %(values)s."), params={"facet": self.facet, "values": ", ".join(unknown)}
            )


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        strip=True,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("The search words can be at most 200 characters long.")},
    )
    lang = forms.CharField(required=False)
    page = forms.CharField(required=False)
    page_size = forms.CharField(required=False)

    def __init__(self, data=None, *, language=None, **kwargs):
        self.fixed_language = language
        super().__init__(data, **kwargs)

    def clean_lang(self):
        if self.fixed_language:
            return self.fixed_language
        value = self.cleaned_data.get("lang") or settings.LANGUAGE_CODE
        if value not in languages.BY_CODE:
            raise forms.ValidationError(
                _("Unknown language “%(lang)s”. Use one of: %(codes)s."),
                params={"lang": value, "codes": ", ".join(languages.CODES)},
            )
        return value

    @staticmethod
    def _whole_number(value, default, name, highest, message):
        """A whole number from 1 to `highest`. The text is checked before int(): ASCII digits only ("²" and "١"
        count as digits to str.isdigit() but int() refuses some of them), and at most as many digits as
        `highest` after leading zeros, so int() never meets Python's 4,300-digit limit."""
        if value in (None, ""):
            return default
        if not (value.isascii() and value.isdigit()):
            raise forms.ValidationError(_("“%(name)s” must be a positive whole number."), params={"name": name})
        digits = value.lstrip("0")
        if not digits or len(digits) > len(str(highest)) or int(digits) > highest:
            raise forms.ValidationError(message)
        return int(digits)

    def clean_page(self):
        return self._whole_number(
            self.cleaned_data.get("page"), 1, "page", MAX_PAGE, _("“page” must be between 1 and 10,000.")
        )

    def clean_page_size(self):
        return self._whole_number(
            self.cleaned_data.get("page_size"),
            DEFAULT_PAGE_SIZE,
            "page_size",
            MAX_PAGE_SIZE,
            _("“page_size” must be between 1 and 50."),
        )

    def filters(self):
        return {facet: self.cleaned_data.get(facet) or [] for facet in FACETS}

    def error_text(self):
        return " ".join(str(message) for errors in self.errors.values() for message in errors)


class SharedFields(dict):
    """A form's fields, the same objects for every instance: Django copies them deeply for each form, so that a
    form may change its own, and SearchForm never does (no widget is rendered, no choice is set per request). The
    copy of its eight fields cost a tenth of an uncached API answer."""

    def __deepcopy__(self, memo):
        return self


SearchForm.base_fields = SharedFields({**SearchForm.base_fields, **{facet: FacetField(facet) for facet in FACETS}})
