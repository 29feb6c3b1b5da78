"""Every text a resident reads is translated into the six site languages (CONTRACT §2)."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import (
    AgeGroup,
    Area,
    AreaIndexPage,
    AreaPage,
    Attribute,
    Department,
    ExplainerPage,
    Kind,
    PlacePage,
    PlaceSchedule,
    ServiceContact,
    ServiceIndexPage,
    ServiceLanguage,
    ServicePage,
)


class NameTR(TranslationOptions):
    fields = ("name",)


for model in (AgeGroup, Attribute, Area, Kind, ServiceLanguage):
    register(model)(type(f"{model.__name__}TR", (NameTR,), {}))


@register(Department)
class DepartmentTR(TranslationOptions):
    fields = ("name", "division")


@register(ServiceIndexPage)
class ServiceIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(ServicePage)
class ServicePageTR(TranslationOptions):
    fields = ("summary", "body", "legal_basis", "cost")


@register(ServiceContact)
class ServiceContactTR(TranslationOptions):
    fields = ("label", "hours", "address")


@register(AreaIndexPage)
class AreaIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(AreaPage)
class AreaPageTR(TranslationOptions):
    fields = ("centre_name", "centre_address", "coordinator_intro", "coordinator_hours", "body")


@register(ExplainerPage)
class ExplainerPageTR(TranslationOptions):
    fields = ("summary", "body")


@register(PlacePage)
class PlacePageTR(TranslationOptions):
    fields = ("summary", "venue", "venue_address", "audience", "cost", "organiser", "body")


@register(PlaceSchedule)
class PlaceScheduleTR(TranslationOptions):
    fields = ("note",)
