"""The home page: the general consultation window first, then ways in by situation, age and area."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from services.models import AgeGroup, AreaPage, Attribute, ExplainerPage, ServicePage
from services.models.pages import TranslatedPageMixin


class HomePage(TranslatedPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, help_text=_("One or two sentences under the site name."))
    first_window = models.ForeignKey(
        "services.ServicePage",
        verbose_name=_("first window"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The window shown first: the general welfare consultation window."),
    )
    first_window_heading = models.CharField(_("first window heading"), max_length=120, blank=True)
    first_window_text = models.TextField(
        _("what happens when you call"), blank=True, help_text=_("Plain words: who answers, what happens next.")
    )
    coordinator_page = models.ForeignKey(
        "services.ServicePage",
        verbose_name=_("community welfare coordinators"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    coordinator_text = models.TextField(_("about the coordinators"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("first_window"), FieldPanel("first_window_heading"), FieldPanel("first_window_text")],
            heading=_("The window shown first"),
        ),
        MultiFieldPanel([FieldPanel("coordinator_page"), FieldPanel("coordinator_text")], heading=_("Coordinators")),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["services.ServiceIndexPage", "services.AreaIndexPage", "services.ExplainerPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attributes"] = Attribute.objects.all()
        context["ages"] = AgeGroup.objects.all()
        context["areas"] = AreaPage.objects.live().public().select_related("area").order_by("area__sort_order")
        context["explainers"] = ExplainerPage.objects.live().public().child_of(self).order_by("path")
        context["windows"] = (
            ServicePage.objects.live()
            .public()
            .filter(kinds__slug="consultation")
            .exclude(pk=self.first_window_id)
            .distinct()
            .order_by("path")
        )
        return context
