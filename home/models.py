"""The home page: the general consultation window first, then ways in by situation, age and area."""

from django.db import models
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from services.blocks import ContentBlock
from services.models import AgeGroup, AreaPage, Attribute, DirectorySettings, ExplainerPage, ServicePage
from services.models.entries import guide_entry, localized
from services.models.pages import TranslatedPageMixin
from services.panels import MissingInformationPanel, TranslationStatusPanel

from . import indicators

# The doors by situation above the chips: the two a worried resident looks for first. Each names the page it opens by
# a fixed point, the plan's 事業名 (CONTRACT §3) or the explainer's slug; a door whose page is gone is left out.
SITUATION_DOORS = [
    ("violence-at-home", _("Violence at home"), ServicePage, {"plan_name": "困難な問題を抱える女性等への支援事業"}),
    ("someone-near-me", _("Someone near me worries me"), ExplainerPage, {"slug": "for-neighbours"}),
]


def situation_doors():
    doors = []
    for key, label, model, lookup in SITUATION_DOORS:
        page = model.objects.live().public().filter(**lookup).first()
        if page:
            doors.append({"key": key, "label": label, "page": page})
    return doors


class HomePage(TranslatedPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, help_text=_("One or two sentences under the site name."))
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
            [FieldPanel("first_window_heading"), FieldPanel("first_window_text")],
            heading=_("The window shown first"),
        ),
        MultiFieldPanel([FieldPanel("coordinator_page"), FieldPanel("coordinator_text")], heading=_("Coordinators")),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["services.ServiceIndexPage", "services.AreaIndexPage", "services.ExplainerPage", "home.PlanPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    @cached_property
    def first_window(self):
        """The general window, shown first: the page editors choose in Settings → the window shown first."""
        return DirectorySettings.general_window_page(self.get_site())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attributes"] = Attribute.objects.all()
        context["ages"] = AgeGroup.objects.all()
        context["doors"] = situation_doors()
        context["areas"] = AreaPage.objects.live().public().select_related("area").order_by("area__sort_order")
        context["explainers"] = ExplainerPage.objects.live().public().child_of(self).order_by("path")
        context["plan_page"] = PlanPage.objects.live().public().child_of(self).first()
        context["windows"] = (
            ServicePage.objects.live()
            .public()
            .filter(kinds__slug="consultation")
            .exclude(pk=getattr(self.first_window, "pk", None))
            .distinct()
            .order_by("path")
        )
        return context


class MissingFiguresPanel(MissingInformationPanel):
    """The plan page's flags: indicators still without a figure, which residents see as “—”."""

    class BoundPanel(MissingInformationPanel.BoundPanel):
        template_name = "home/panels/missing_figures.html"


class PlanPage(TranslatedPageMixin, Page):
    """The city's plan for residents: what the multi-layered support system means, who works together,
    and the plan's indicators (評価指標, 参考指標) with their figures, which editors keep up to date."""

    summary = models.TextField(_("summary"), max_length=400)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("what it means for you"))
    team_heading = models.CharField(_("support team heading"), max_length=200, blank=True)
    team_intro = models.TextField(_("about the support team"), blank=True)
    team_centre = models.CharField(
        _("at the centre of the picture"), max_length=200, blank=True, help_text=_("e.g. you and your household")
    )
    team_members = models.TextField(
        _("who works together"), blank=True, help_text=_("One per line: the people and offices in a support team.")
    )
    indicators_intro = models.TextField(_("about the indicators"), blank=True)

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    content_panels = Page.content_panels + [
        TranslationStatusPanel(),
        MissingFiguresPanel(),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("team_heading"),
                FieldPanel("team_intro"),
                FieldPanel("team_centre"),
                FieldPanel("team_members"),
            ],
            heading=_("Support team picture"),
        ),
        InlinePanel("pillars", label=_("pillar"), heading=_("The five pillars")),
        FieldPanel("indicators_intro"),
        InlinePanel(
            "indicators",
            label=_("indicator"),
            heading=_("Indicators"),
            help_text=_(
                "Copy figures exactly from the plan or the survey. Leave a figure empty when there is none: "
                "residents then see “—”."
            ),
        ),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    translation_check_fields = ("title", "summary")

    class Meta:
        verbose_name = _("plan page")

    def missing_information(self):
        """Indicators still without a figure: residents see “—” until an editor enters one."""
        missing = []
        for indicator in self.indicators.all():
            if indicator.current_value is None:
                missing.append(_("“%(name)s”: the latest figure") % {"name": indicator.name})
            if indicator.target_value is None and not indicator.target_text:
                missing.append(_("“%(name)s”: the target") % {"name": indicator.name})
        return missing

    def directory_entry(self):
        """In the search as a guide: its summary, body, support team, pillars and indicators are its text."""
        pillars, indicators = list(self.pillars.all()), list(self.indicators.all())

        def more(code):
            parts = [localized(p, name, code) for p in pillars for name in ("name", "description", "who")]
            parts += [localized(i, name, code) for i in indicators for name in ("category", "name")]
            return "\n".join(part for part in parts if part)

        fields = ("team_heading", "team_intro", "team_centre", "team_members", "indicators_intro")
        return guide_entry(self, *fields, more=more)

    @property
    def team_member_list(self):
        return [line.strip() for line in (self.team_members or "").splitlines() if line.strip()]

    def indicator_groups(self):
        """The plan's two lists, 評価指標 then 参考指標, each indicator with its figures and chart."""
        language = translation.get_language()
        rows = list(self.indicators.all())
        groups = []
        for kind, label in PlanIndicator.KIND_CHOICES:
            members = [
                {
                    "indicator": indicator,
                    "figures": indicators.figure_rows(indicator, language),
                    "chart": indicators.chart(indicator, f"indicator-{number}", language),
                }
                for number, indicator in enumerate(rows, start=1)
                if indicator.kind == kind
            ]
            if members:
                groups.append({"kind": kind, "label": label, "rows": members})
        return groups

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["indicator_groups"] = self.indicator_groups()
        return context


class PlanPillar(Orderable):
    """One of the plan's five pillars, and who works in it."""

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="pillars")
    shipped_as = models.CharField(max_length=60, blank=True, db_index=True, help_text="The content file's key.")
    kind = models.ForeignKey(
        "services.Kind",
        verbose_name=_("kind of program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Links the pillar to the programs of this kind."),
    )
    plan_term = models.CharField(
        _("the plan's name"), max_length=200, blank=True, help_text=_("Verbatim, in Japanese.")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it does for you"), blank=True)
    who = models.TextField(_("who works in it"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("plan_term")]),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("who"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("pillar")


class PlanIndicator(Orderable):
    """One indicator of the plan. Figures are copied exactly from the plan; an empty one is shown as “—”."""

    KIND_CHOICES = [
        ("evaluation", _("Evaluation indicators (評価指標)")),
        ("reference", _("Reference indicators (参考指標)")),
    ]
    UNIT_CHOICES = [
        ("percent", _("percent (%)")),
        ("cases", _("cases (件)")),
        ("times_per_year", _("times a year (年○回)")),
        ("people", _("people (人)")),
    ]
    DIRECTION_CHOICES = [("", _("not stated")), ("higher", _("higher is better")), ("lower", _("lower is better"))]

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="indicators")
    shipped_as = models.CharField(max_length=60, blank=True, db_index=True, help_text="The content file's key.")
    kind = models.CharField(_("list"), max_length=20, choices=KIND_CHOICES, default="evaluation")
    category = models.CharField(_("category (区分)"), max_length=200, blank=True)
    name = models.CharField(_("indicator (指標名)"), max_length=300)
    unit = models.CharField(_("unit"), max_length=20, choices=UNIT_CHOICES, default="percent")
    decimals = models.PositiveSmallIntegerField(
        _("decimal places shown"),
        default=0,
        choices=[(0, "0"), (1, "1"), (2, "2")],
        help_text=_("As the plan prints it: 17.0% has one."),
    )
    baseline_value = models.DecimalField(
        _("value when the plan was made"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("fiscal year of that value"), null=True, blank=True, help_text=_("e.g. 2025 for 令和7年度.")
    )
    current_value = models.DecimalField(_("latest value"), max_digits=12, decimal_places=2, null=True, blank=True)
    current_year = models.PositiveSmallIntegerField(
        _("fiscal year of the latest value"), null=True, blank=True, help_text=_("e.g. 2025 for 令和7年度.")
    )
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_text = models.CharField(
        _("target in words"),
        max_length=100,
        blank=True,
        help_text=_("When the plan gives no number, e.g. 上昇 (rise)."),
    )
    target_year = models.PositiveSmallIntegerField(
        _("fiscal year of the target"), null=True, blank=True, help_text=_("e.g. 2029 for 令和11年度.")
    )
    direction = models.CharField(_("better when"), max_length=10, choices=DIRECTION_CHOICES, blank=True)
    source_note = models.TextField(_("source and notes"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("category")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("decimals"), FieldPanel("direction")]),
        FieldRowPanel([FieldPanel("baseline_value"), FieldPanel("baseline_year")]),
        FieldRowPanel([FieldPanel("current_value"), FieldPanel("current_year")]),
        FieldRowPanel([FieldPanel("target_value"), FieldPanel("target_text"), FieldPanel("target_year")]),
        FieldPanel("source_note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator")

    def __str__(self):
        return self.name
