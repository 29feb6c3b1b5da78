"""Admin form rules that span several fields, with messages an editor can act on."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

CITYWIDE_WITH_AREAS = _(
    "A citywide program serves every area: clear the areas, or untick “citywide” if it serves only these."
)


class ServicePageForm(WagtailAdminPageForm):
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
