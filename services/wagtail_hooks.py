"""One "Directory" menu in the admin for the taxonomies and departments."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import AgeGroup, Area, Attribute, Department, Kind, ServiceLanguage


class TaxonomyViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order"]
    search_fields = ["name", "slug"]


class AgeGroupViewSet(TaxonomyViewSet):
    model = AgeGroup
    icon = "group"


class AttributeViewSet(TaxonomyViewSet):
    model = Attribute
    icon = "tag"


class AreaViewSet(TaxonomyViewSet):
    model = Area
    icon = "site"


class KindViewSet(TaxonomyViewSet):
    model = Kind
    icon = "folder-open-inverse"


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "home"
    list_display = ["name", "division", "phone", "editors"]
    search_fields = ["name", "division"]


class ServiceLanguageViewSet(SnippetViewSet):
    model = ServiceLanguage
    icon = "globe"
    list_display = ["name", "code"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "list-ul"
    menu_order = 200
    items = (
        AgeGroupViewSet,
        AttributeViewSet,
        AreaViewSet,
        KindViewSet,
        DepartmentViewSet,
        ServiceLanguageViewSet,
    )


register_snippet(DirectoryViewSetGroup)
