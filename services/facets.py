"""The directory's four facets (CONTRACT §4), written out once: the search form, the query, both backends, the
index document and the content loader derive from here."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import AgeGroup, Area, Attribute, Kind


@dataclass(frozen=True)
class Facet:
    name: str
    """The URL parameter and the API's key (`?age=senior`)."""
    model: type
    """The taxonomy whose slugs are its values."""
    field: str
    """The pages' many-to-many field, and the search index's field of the same name."""
    label: str
    """What the search page calls it."""


FACETS = (
    Facet("age", AgeGroup, "ages", _("Age")),
    Facet("attribute", Attribute, "attributes", _("Situation")),
    Facet("area", Area, "areas", _("Area")),
    Facet("kind", Kind, "kinds", _("Kind of help")),
)
BY_NAME = {facet.name: facet for facet in FACETS}
NAMES = tuple(BY_NAME)
"""In the order the search page and the API list them."""
MODELS = {facet.name: facet.model for facet in FACETS}
FIELDS = {facet.name: facet.field for facet in FACETS}
