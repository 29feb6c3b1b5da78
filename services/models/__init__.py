from .pages import (
    AreaIndexPage,
    AreaPage,
    ExplainerPage,
    ServiceContact,
    ServiceIndexPage,
    ServicePage,
)
from .places import PlacePage, PlaceSchedule
from .readings import Reading
from .records import LoadedValue
from .taxonomy import AgeGroup, Area, Attribute, Department, Kind, ServiceLanguage

__all__ = [
    "AgeGroup",
    "Area",
    "AreaIndexPage",
    "AreaPage",
    "Attribute",
    "Department",
    "ExplainerPage",
    "Kind",
    "LoadedValue",
    "PlacePage",
    "PlaceSchedule",
    "Reading",
    "ServiceContact",
    "ServiceIndexPage",
    "ServiceLanguage",
    "ServicePage",
]
