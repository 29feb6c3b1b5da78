"""When each language's text of a page was last written, and against which Japanese (translation drift)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal import languages

SOURCE = settings.LANGUAGE_CODE


class TranslationState(models.Model):
    """One page in one language: a digest of its text and of the Japanese text it was written against.

    The Japanese row's `source_digest` equals its `text_digest`; a translation whose `source_digest` differs
    from the Japanese row's `text_digest` was written before the Japanese last changed: it is out of date."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="translation_states")
    language = models.CharField(_("language"), max_length=16)
    text_digest = models.CharField(max_length=64)
    source_digest = models.CharField(max_length=64)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("translation state")
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="one_translation_state")]

    def __str__(self):
        return f"{self.page_id} {self.language}"


def out_of_date_languages(page):
    """The codes of the languages whose text was written before the page's Japanese last changed."""
    states = {s.language: s for s in TranslationState.objects.filter(page_id=page.pk)}
    ja = states.get(SOURCE)
    if ja is None:
        return []
    return [
        code
        for code in languages.CODES
        if code != SOURCE and code in states and states[code].source_digest != ja.text_digest
    ]


def japanese_changed_at(page):
    """When the page's Japanese text last changed (as far as the states know), or None."""
    state = TranslationState.objects.filter(page_id=page.pk, language=SOURCE).first()
    return state.changed_at if state else None


def out_of_date_pages(code):
    """Ids of the pages whose text in `code` is older than their Japanese."""
    ja = {s.page_id: s.text_digest for s in TranslationState.objects.filter(language=SOURCE)}
    states = TranslationState.objects.filter(language=code)
    return {s.page_id for s in states if s.page_id in ja and ja[s.page_id] != s.source_digest}
