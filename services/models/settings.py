"""Site settings editors choose in the admin (Settings → the window shown first)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from .pages import ServicePage

GENERAL_WINDOW_PLAN_NAME = "福祉総合相談窓口"
"""The program the loader and the migration choose as the general window until an editor chooses another."""


@register_setting(icon="help")
class DirectorySettings(BaseSiteSetting):
    general_window = models.ForeignKey(
        "services.ServicePage",
        verbose_name=_("first window"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The window for residents who do not know where to ask: shown first on the home page, beside every "
            "search and in the consultation finder. Choose the general welfare consultation window."
        ),
    )

    review_interval_days = models.PositiveSmallIntegerField(
        _("review interval (days)"),
        default=365,
        help_text=_("A page whose 最終確認日 is older than this is due for the department to confirm again."),
    )

    panels = [FieldPanel("general_window"), FieldPanel("review_interval_days")]

    class Meta:
        verbose_name = _("The window shown first")

    @classmethod
    def general_window_page_id(cls, site=None):
        """The id of the page chosen for `site` (the default site when none is given), else None."""
        site = site or Site.objects.filter(is_default_site=True).first()
        if site is None:
            return None
        return cls.objects.filter(site=site).values_list("general_window_id", flat=True).first()

    @classmethod
    def general_window_page(cls, site=None):
        """The general window's live, public page for `site` (the default site when none is given), else None."""
        page_id = cls.general_window_page_id(site)
        if page_id is None:
            return None
        return ServicePage.objects.live().public().filter(pk=page_id).first()

    @classmethod
    def review_interval(cls, site=None):
        """Days after which a confirmed page is due again (the default site's setting, 365 until changed)."""
        site = site or Site.objects.filter(is_default_site=True).first()
        days = cls.objects.filter(site=site).values_list("review_interval_days", flat=True).first() if site else None
        return days or cls._meta.get_field("review_interval_days").default
