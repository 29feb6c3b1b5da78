"""Readings editors correct for furigana: the dictionary does not know every local name (西府 is にしふ)."""

from django.db import models
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from portal import furigana


class Reading(models.Model):
    word = models.CharField(_("word"), max_length=100, unique=True, help_text=_("As written: 西府, 是政, 府中市"))
    reading = models.CharField(_("reading"), max_length=200, help_text=_("In hiragana: にしふ"))
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("word"), FieldPanel("reading")]

    class Meta:
        ordering = ["word"]
        verbose_name = _("furigana reading")
        verbose_name_plural = _("furigana readings")

    def __str__(self):
        return f"{self.word}（{self.reading}）"

    @classmethod
    def version(cls):
        """Changes whenever a reading is added, changed or removed."""
        state = cls.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
        return (state["count"], state["latest"])


furigana.use_corrections(Reading.version, lambda: dict(Reading.objects.values_list("word", "reading")))
