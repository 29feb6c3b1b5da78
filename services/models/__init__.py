from .drift import TranslationState
from .pages import (
    CHILDREN_ATTRIBUTES,
    FOR_NEIGHBOURS_SLUG,
    LOCKED_FIELDS_PERMISSION,
    QUICK_EXIT_ATTRIBUTE,
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
from .settings import GENERAL_WINDOW_PLAN_NAME, DirectorySettings
from .taxonomy import AgeGroup, Area, Attribute, Department, Kind, ServiceLanguage

DIRECTORY_ENTRY_MODELS = (ServicePage, AreaPage, PlacePage)
"""Page types that are entries of the directory: each answers directory_entry() (search indexes them)."""

__all__ = [
    "LOCKED_FIELDS_PERMISSION",
    "CHILDREN_ATTRIBUTES",
    "FOR_NEIGHBOURS_SLUG",
    "QUICK_EXIT_ATTRIBUTE",
    "DIRECTORY_ENTRY_MODELS",
    "GENERAL_WINDOW_PLAN_NAME",
    "DirectorySettings",
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
    "TranslationState",
]
