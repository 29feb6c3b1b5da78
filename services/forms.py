"""Admin form rules that span several fields, with messages an editor can act on."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

CITYWIDE_WITH_AREAS = _(
    "A citywide program serves every area: clear the areas, or untick “citywide” if it serves only these."
)


class PortalPageForm(WagtailAdminPageForm):
    """Every page type's admin form: a new page's slug may be left empty (a Japanese title leaves it empty in the
    browser, as slugs are ASCII here); the page then gets a short one from its title (TranslatedPageMixin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields and not self.instance.pk:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP


SLUG_HELP = _(
    "The page's web address. Leave it empty to get a short one in Latin letters, made from the English title if "
    "there is one, otherwise from the reading of the Japanese title; you can change it."
)


class ServicePageForm(PortalPageForm):
    def clean(self):
        cleaned = super().clean()
        citywide = cleaned.get("citywide")
        areas = cleaned.get("areas")
        if citywide and areas:
            self.add_error(
                "areas",
                CITYWIDE_WITH_AREAS,
            )
        elif citywide is False and not areas:
            self.add_error("areas", _("Choose the areas this serves, or tick “citywide”."))
        return cleaned
