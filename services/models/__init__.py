from .drift import TranslationState
from .entries import GUIDE, directory_entry_models
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

__all__ = [
    "LOCKED_FIELDS_PERMISSION",
    "CHILDREN_ATTRIBUTES",
    "FOR_NEIGHBOURS_SLUG",
    "QUICK_EXIT_ATTRIBUTE",
    "GUIDE",
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
    "directory_entry_models",
]
