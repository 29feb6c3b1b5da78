"""Admin panels: what residents would need and no editor has entered yet, translations' state, locked fields."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.panels import FieldPanel, Panel

from portal import languages

from .models.drift import japanese_changed_at


class MissingInformationPanel(Panel):
    """Shows the page's `missing_information()` as a warning at the top of the edit form."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "services/panels/missing_information.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk and self.missing)

        @property
        def missing(self):
            method = getattr(self.instance, "missing_information", None)
            return method() if method else []

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["missing"] = self.missing
            return context


class TranslationStatusPanel(Panel):
    """Lists the site languages this page is not written in yet (it shows the Japanese there)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "services/panels/translation_status.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk and (self.missing or self.out_of_date))

        @property
        def missing(self):
            method = getattr(self.instance, "missing_languages", None)
            return [str(languages.get(code).name) for code in (method() if method else [])]

        @property
        def out_of_date(self):
            method = getattr(self.instance, "out_of_date_languages", None)
            return [str(languages.get(code).name) for code in (method() if method else [])]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["missing"] = self.missing
            context["out_of_date"] = self.out_of_date
            context["japanese_changed_at"] = japanese_changed_at(self.instance) if self.out_of_date else None
            return context


PREVIEW_COUNT = 5
"""How many coming dates the admin shows beside a place's schedule."""


class NextDatesPanel(Panel):
    """The next five dates of a place as the saved schedule gives them; static/js/admin-next-dates.js updates the
    list as the editor types, through services.views.next_dates_preview."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "services/panels/next_dates.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["dates"] = instance.upcoming_dates(PREVIEW_COUNT) if instance and instance.pk else []
            context["saved"] = bool(instance and instance.pk)
            return context


class LockedFieldPanel(FieldPanel):
    """A field only holders of `permission` may change (計画書の事業名, 所管課, the sample flag): editable for them,
    shown read-only to everyone else, so a department's editor sees what the page says without being able to post
    it (the form leaves the field out for them)."""

    def format_value_for_display(self, value):
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if callable(getattr(value, "all", "")):
            return "、".join(str(obj) for obj in value.all()) or _("(none)")
        return value if value not in (None, "") else _("(none)")

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.form is not None and self.bound_field is None:
                self.read_only = True
                self.heading = self.panel.heading or capfirst(self.panel.db_field.verbose_name)
                help_text = self.panel.help_text or capfirst(self.panel.db_field.help_text)
                self.help_text = " ".join(
                    str(part) for part in (help_text, _("Only moderators can change this.")) if part
                )

        def is_shown(self):
            return self.read_only or super().is_shown()
