"""The directory's facets (CONTRACT §1) and the departments that own programs."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portal import languages


class Taxonomy(index.Indexed, models.Model):
    """A facet value: its slug is a fixed point (CONTRACT §1), its label is translated."""

    name = models.CharField(_("label"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.FilterField("slug")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class AgeGroup(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("age group")
        verbose_name_plural = _("age groups")


class Attribute(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("situation")
        verbose_name_plural = _("situations")


class Area(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("welfare area")
        verbose_name_plural = _("welfare areas")


class Kind(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("kind of program")
        verbose_name_plural = _("kinds of program")


class ServiceLanguage(models.Model):
    """A language a window can serve residents in (not only the site's languages)."""

    name = models.CharField(_("language"), max_length=60)
    code = models.SlugField(
        _("language code"), max_length=20, unique=True, help_text=_("BCP 47, e.g. en, zh-Hans, tl, ne.")
    )

    panels = [FieldPanel("name"), FieldPanel("code")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("language served")
        verbose_name_plural = _("languages served")

    def __str__(self):
        return self.name


class Department(models.Model):
    """所管課: the office that owns programs. `editors` is the group a permission policy grants their pages to."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    division = models.CharField(_("department (部)"), max_length=100, blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        help_text=_("Leave empty until the department confirms a direct number: the city's main number is shown."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    web_page = models.URLField(_("web page"), blank=True)
    editors = models.ForeignKey(
        Group,
        verbose_name=_("editor group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="departments",
        help_text=_("The group whose members edit this department's pages."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("division"),
        FieldPanel("slug"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("web_page"),
        FieldPanel("editors"),
    ]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    @property
    def full_name(self):
        """「福祉保健部 地域福祉推進課」 in Japanese, "Community Welfare Promotion Division, Welfare and Health
        Department" elsewhere."""
        if not self.division:
            return self.name
        if languages.is_japanese():
            return f"{self.division} {self.name}"
        return f"{self.name}, {self.division}"

    @property
    def contact_phone(self):
        """The number a resident should call: the department's own, else the city's main number."""
        return self.phone or settings.CITY_MAIN_PHONE

    @property
    def uses_main_number(self):
        return not self.phone
