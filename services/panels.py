"""An admin panel that lists what residents would need and no editor has entered yet."""

from wagtail.admin.panels import Panel

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
