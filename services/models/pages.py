"""The directory's page types and the rules of the page tree."""

import datetime
import uuid

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal import languages, phone
from services.blocks import ContentBlock
from services.forms import ServicePageForm
from services.panels import LockedFieldPanel, MissingInformationPanel, TranslationStatusPanel

from .drift import japanese_changed_at, out_of_date_languages
from .entries import DirectoryEntry, body_text, labels, localized
from .taxonomy import AgeGroup, Area, Attribute, Department, Kind, ServiceLanguage

LOCKED_FIELDS_PERMISSION = "services.change_locked_fields"
"""計画書の事業名, 所管課, an area's department and the sample flag: the edit form shows them only to holders of this
permission, the Moderators group (services/migrations/0007); a department's editors cannot change them."""
QUICK_EXIT_ATTRIBUTE = "women"
"""The attribute (CONTRACT §1) whose pages, searches and finder answers carry the quick exit."""
CHILDREN_ATTRIBUTES = ("child-rearing", "single-parent", "school")
"""Pages about children and families: they show the child abuse line 189 (CONTRACT §5)."""
FOR_NEIGHBOURS_SLUG = "for-neighbours"
"""The explainer for a worried neighbour: an urgent-help box (119, 110) and what to do when abuse is suspected."""


class TranslatedPageMixin:
    """Tells a template whether the page is written in the visitor's language or falls back to Japanese."""

    translation_check_fields = ("title",)

    def is_translated(self, language=None):
        language = language or translation.get_language()
        if language == settings.LANGUAGE_CODE:
            return True
        return all(
            getattr(self, build_localized_fieldname(name, language), None) for name in self.translation_check_fields
        )

    def missing_languages(self):
        return [code for code in languages.CODES if not self.is_translated(code)]

    def out_of_date_languages(self):
        """The languages written before the Japanese text last changed (services.drift)."""
        return out_of_date_languages(self) if self.pk else []

    def japanese_update_for_reader(self, language=None):
        """The date the Japanese text changed when the visitor's language was written before it, else None:
        residents then see a note with a link to the Japanese page."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        if not self.pk or language == settings.LANGUAGE_CODE or not self.is_translated(language):
            return None
        if language not in out_of_date_languages(self):
            return None
        return japanese_changed_at(self)

    def meta_description(self):
        """What search engines and link previews show: the editor's search description (Promote tab) when
        it is written in the language the page is shown in, else the page's own summary or introduction."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        own = getattr(self, build_localized_fieldname("search_description", language), "")
        if not own and not self.is_translated(language):
            own = self.search_description  # the page is shown in Japanese: its Japanese description fits
        return own or self.description_text()

    def description_text(self):
        return getattr(self, "summary", "") or getattr(self, "intro", "") or ""


class ServiceIndexPage(TranslatedPageMixin, Page):
    """The directory: every program and place, grouped by kind."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["services.ServicePage"]
    max_count = 1

    class Meta:
        verbose_name = _("directory")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        services = (
            ServicePage.objects.live().public().child_of(self).prefetch_related("kinds", "departments").order_by("path")
        )
        groups = []
        for kind in Kind.objects.all():
            members = [s for s in services if kind in s.kinds.all()]
            if members:
                groups.append((kind, members))
        context["groups"] = groups
        context["service_count"] = len(services)
        return context


OPEN_DATA_NAMESPACE = uuid.UUID("5b0e6f4e-3c2a-5d1e-9f61-2f0c8a7d4b13")
"""The namespace of the plan's programs' open-data ids: uuid5(OPEN_DATA_NAMESPACE, plan_name). Fixed for ever: the
ids in every export and in HSDS depend on it (migration 0008 writes the same ids)."""


def plan_program_id(plan_name):
    """The stable open-data id of one of the plan's programs: the same on every install."""
    return uuid.uuid5(OPEN_DATA_NAMESPACE, plan_name)


class ServicePage(TranslatedPageMixin, Page):
    """One program of the plan (CONTRACT §3), or a window or place an editor adds."""

    open_data_id = models.UUIDField(
        _("open data id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("The id of this entry in the open data and HSDS; never changes."),
    )

    plan_name = models.CharField(
        _("name in the plan (事業名)"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("The plan's 事業名, verbatim. Leave empty for entries that are not one of the plan's programs."),
    )
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences: who it is for and what you get.")
    )
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("body"))
    kinds = ParentalManyToManyField(Kind, verbose_name=_("kinds"), related_name="services")
    ages = ParentalManyToManyField(
        AgeGroup,
        verbose_name=_("ages"),
        related_name="services",
        blank=True,
        help_text=_("A window for all ages carries every age."),
    )
    attributes = ParentalManyToManyField(Attribute, verbose_name=_("situations"), related_name="services", blank=True)
    citywide = models.BooleanField(
        _("citywide"), default=True, help_text=_("Serves the whole city. A citywide entry has no areas.")
    )
    areas = ParentalManyToManyField(Area, verbose_name=_("areas"), related_name="services", blank=True)
    departments = ParentalManyToManyField(
        Department,
        verbose_name=_("departments (所管課)"),
        related_name="services",
        help_text=_("The offices that own this program. Editing rights follow the department."),
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=200,
        blank=True,
        help_text=_("For a statutory program (法定事業): the law the plan names. Empty otherwise."),
    )
    languages = ParentalManyToManyField(
        ServiceLanguage,
        verbose_name=_("languages served"),
        related_name="services",
        blank=True,
        help_text=_("Only languages the department has confirmed."),
    )
    cost = models.CharField(_("cost"), max_length=200, blank=True, help_text=_("Leave empty until confirmed."))
    last_reviewed = models.DateField(
        _("last confirmed"),
        null=True,
        blank=True,
        help_text=_("The date the department last confirmed this page. Shown to residents."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("plan_name"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("citywide"),
    ]

    content_panels = Page.content_panels + [
        TranslationStatusPanel(),
        MissingInformationPanel(),
        LockedFieldPanel("plan_name", permission=LOCKED_FIELDS_PERMISSION),
        FieldPanel("summary"),
        InlinePanel(
            "contacts",
            label=_("contact"),
            heading=_("How to get in touch"),
            help_text=_("Any field may be left empty: residents then see the department and the city's main number."),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("kinds", widget=CheckboxSelectMultiple),
                FieldPanel("ages", widget=CheckboxSelectMultiple),
                FieldPanel("attributes", widget=CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("citywide")]),
                FieldPanel("areas", widget=CheckboxSelectMultiple),
            ],
            heading=_("Who it is for"),
        ),
        MultiFieldPanel(
            [
                LockedFieldPanel("departments", widget=CheckboxSelectMultiple, permission=LOCKED_FIELDS_PERMISSION),
                FieldPanel("legal_basis"),
                FieldPanel("languages", widget=CheckboxSelectMultiple),
                FieldPanel("cost"),
                FieldPanel("last_reviewed"),
            ],
            heading=_("Owner and details"),
        ),
    ]

    base_form_class = ServicePageForm
    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types = []
    translation_check_fields = ("title", "summary")

    REACH_METRICS = {
        "福祉総合相談窓口": "general_window_view",
        "地域福祉コーディネーター事業": "coordinator_view",
    }
    """plan_name (CONTRACT §3) → the reach metric its views count towards (portal.reach)."""

    class Meta:
        verbose_name = _("program or window")
        verbose_name_plural = _("programs and windows")
        permissions = [
            ("change_locked_fields", _("Can change the plan's name, the departments and the sample flag")),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.plan_name:
            clash = ServicePage.objects.filter(plan_name=self.plan_name).exclude(pk=self.pk).first()
            if clash:
                errors["plan_name"] = _(
                    "“%(other)s” already has this name from the plan. Each program is one page."
                ) % {"other": clash.title}
        if self.last_reviewed and self.last_reviewed > datetime.date.today():
            errors["last_reviewed"] = _("The date the department confirmed this page cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    exclude_fields_in_copy = ["open_data_id", "plan_name"]
    """A copy is a new page, not the program: it leaves the open-data id and the plan's name behind (one page per
    program; Wagtail's copy skips clean(), and clears these in the copied revisions too)."""

    def save(self, *args, **kwargs):
        if self._state.adding and self.plan_name:
            self.open_data_id = plan_program_id(self.plan_name)  # a fresh install gives the plan's programs one id
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        """A revision (even one older than the id) never changes the page's open-data id."""
        obj = super().with_content_json(content)
        obj.open_data_id = self.open_data_id
        return obj

    def reach_metric(self):
        return self.REACH_METRICS.get(self.plan_name)

    poster_template = "services/poster.html"

    def poster_contact(self):
        """What the poster says to call: the program's own number if an editor entered one, else the city's main
        number and which department to ask for."""
        contact = self.main_contact
        if contact:
            return {
                "phone": contact.phone,
                "tel_href": contact.tel_href,
                "labels": [contact.label] if contact.label else [],
                "main_number": False,
                "hours": contact.hours,
                "address": contact.address,
            }
        return {
            "phone": settings.CITY_MAIN_PHONE,
            "tel_href": phone.city_main_tel(),
            "labels": [dept.full_name for dept in self.departments.all()],
            "main_number": True,
            "hours": "",
            "address": "",
        }

    def poster_context(self):
        return {"is_area": False, "poster_text": self.summary}

    def directory_entry(self):
        kinds, ages, attributes = list(self.kinds.all()), list(self.ages.all()), list(self.attributes.all())
        areas = list(self.areas.all())
        departments = list(self.departments.all())

        def texts(code):
            title = localized(self, "title", code)
            other = "\n".join(
                [
                    localized(self, "summary", code),
                    body_text(self, code),
                    labels(kinds + ages + attributes + areas, code),
                    labels(departments, code),
                    localized(self, "legal_basis", code),
                    self.plan_name if code == settings.LANGUAGE_CODE else "",
                ]
            )
            return title, other

        return DirectoryEntry(
            entry_type="service",
            facets={
                "kind": [k.slug for k in kinds],
                "age": [a.slug for a in ages],
                "attribute": [a.slug for a in attributes],
                "area": [a.slug for a in areas],
            },
            texts=texts,
            summary=lambda code: self.summary,
            plan_name=self.plan_name,
            citywide=self.citywide,
        )

    def phrase_to_say(self):
        """What to say on the phone, in Japanese (the language of whoever answers): the one wording every page
        uses for this program. On the main number it names the department, so the call is passed on."""
        with translation.override(settings.LANGUAGE_CODE):
            name = self.plan_name or self.title
            if self.main_contact:
                return f"{name}について相談したいです"
            departments = "、".join(d.full_name for d in self.departments.all())
            return f"{departments}に、{name}のことで相談したいです" if departments else f"{name}について相談したいです"

    def door(self):
        """How a resident reaches a person: the number to tap and the phrase to say."""
        contact = self.main_contact
        if contact:
            return {"phone": contact.phone, "tel": contact.tel_href, "ask": self.phrase_to_say()}
        return {"phone": settings.CITY_MAIN_PHONE, "tel": phone.city_main_tel(), "ask": self.phrase_to_say()}

    @property
    def main_contact(self):
        """The first contact row with a phone number, if an editor has entered one."""
        for contact in self.contacts.all():
            if contact.phone:
                return contact
        return None

    LAST_REVIEWED_MISSING = _("the date the department last confirmed this page")

    def missing_information(self):
        """What residents would need that no editor has entered yet: shown in the admin, never guessed."""
        missing = []
        contacts = list(self.contacts.all())
        if not any(c.phone for c in contacts):
            missing.append(_("a direct phone number (the city's main number is shown)"))
        if not any(c.hours for c in contacts):
            missing.append(_("opening hours"))
        if not any(c.address for c in contacts):
            missing.append(_("an address or place to visit"))
        if not self.cost:
            missing.append(_("cost"))
        if not self.last_reviewed:
            missing.append(self.LAST_REVIEWED_MISSING)
        return missing

    @property
    def needs_quick_exit(self):
        """Pages about violence (CONTRACT §1 attribute `women`) carry a quick exit."""
        return any(a.slug == QUICK_EXIT_ATTRIBUTE for a in self.attributes.all())

    def public_lines(self):
        """The public numbers (CONTRACT §5, portal.phone.PUBLIC_LINES) this page shows as tap-to-call buttons."""
        slugs = {a.slug for a in self.attributes.all()}
        lines = ["police", "dv_navi"] if QUICK_EXIT_ATTRIBUTE in slugs else []
        if slugs & set(CHILDREN_ATTRIBUTES):
            lines.append("child_abuse")
        return lines

    def related_services(self, limit=4):
        attribute_ids = [a.pk for a in self.attributes.all()]
        if not attribute_ids:
            return ServicePage.objects.none()
        return (
            ServicePage.objects.live()
            .public()
            .filter(attributes__in=attribute_ids)
            .exclude(pk=self.pk)
            .distinct()
            .order_by("path")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = self.related_services()
        return context


class ServiceContact(Orderable):
    """One way to reach a program. Every field may stay empty until the department confirms it."""

    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="contacts")
    label = models.CharField(_("label"), max_length=120, blank=True, help_text=_("e.g. the name of the window."))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    web_page = models.URLField(_("web page"), blank=True)

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("hours")]),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("web_page")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("contact")

    @property
    def tel_href(self):
        return phone.tel_href(self.phone)


class AreaIndexPage(TranslatedPageMixin, Page):
    """The 11 welfare areas (福祉エリア)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["services.AreaPage"]
    max_count = 1

    class Meta:
        verbose_name = _("list of areas")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        areas = list(AreaPage.objects.live().public().child_of(self).select_related("area").order_by("path"))
        counts = {}
        for place, next_date in apps.get_model("services", "PlacePage").upcoming():  # places.py builds on this module
            if next_date:
                area_path = place.path[: -Page.steplen]
                counts[area_path] = counts.get(area_path, 0) + 1
        context["areas"] = [(area_page, counts.get(area_page.path, 0)) for area_page in areas]
        return context


class AreaPage(TranslatedPageMixin, Page):
    """A welfare area built around its 文化センター, with its community welfare coordinator."""

    area = models.OneToOneField(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="page")
    centre_name = models.CharField(_("culture centre (文化センター)"), max_length=100)
    centre_address = models.CharField(
        _("culture centre address"), max_length=200, blank=True, help_text=_("Leave empty until confirmed.")
    )
    coordinator_intro = models.TextField(
        _("the area's community welfare coordinator"),
        help_text=_("What the coordinator does for residents of this area."),
    )
    coordinator_phone = models.CharField(
        _("coordinator's phone"),
        max_length=30,
        blank=True,
        help_text=_("Leave empty until the Council of Social Welfare confirms it: the city's main number is shown."),
    )
    coordinator_hours = models.CharField(_("coordinator's hours"), max_length=200, blank=True)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("more about this area"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("department responsible (所管課)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="area_pages",
        help_text=_(
            "Its editors edit this area page and add places under it. Empty: only moderators edit them. "
            "Only moderators change this."
        ),
    )

    content_panels = Page.content_panels + [
        TranslationStatusPanel(),
        MissingInformationPanel(),
        LockedFieldPanel("area", permission=LOCKED_FIELDS_PERMISSION),
        LockedFieldPanel("department", permission=LOCKED_FIELDS_PERMISSION),
        MultiFieldPanel(
            [FieldPanel("coordinator_intro"), FieldPanel("coordinator_phone"), FieldPanel("coordinator_hours")],
            heading=_("Community welfare coordinator"),
        ),
        MultiFieldPanel([FieldPanel("centre_name"), FieldPanel("centre_address")], heading=_("Culture centre")),
        FieldPanel("body"),
    ]
    parent_page_types = ["services.AreaIndexPage"]
    subpage_types = ["services.PlacePage"]

    class Meta:
        verbose_name = _("welfare area")

    def missing_information(self):
        missing = []
        if not self.coordinator_phone:
            missing.append(_("the coordinator's phone number (the city's main number is shown)"))
        if not self.coordinator_hours:
            missing.append(_("the coordinator's hours"))
        if not self.centre_address:
            missing.append(_("the culture centre's address"))
        return missing

    def reach_metric(self):
        """A view of an area page counts as reaching its community welfare coordinator."""
        return "area_coordinator_view"

    def directory_entry(self):
        def texts(code):
            title = localized(self, "title", code)
            other = "\n".join(
                [
                    localized(self, "centre_name", code),
                    localized(self, "coordinator_intro", code),
                    body_text(self, code),
                    localized(self.area, "name", code),
                ]
            )
            return title, other

        return DirectoryEntry(
            entry_type="area",
            facets={"kind": [], "age": [], "attribute": [], "area": [self.area.slug]},
            texts=texts,
            summary=lambda code: self.centre_name,
        )

    @property
    def coordinator_tel(self):
        return self.coordinator_phone or settings.CITY_MAIN_PHONE

    @property
    def coordinator_tel_href(self):
        return phone.tel_href(self.coordinator_tel)

    CARE_CENTRE_PLAN_NAME = "地域包括支援センターの運営"
    COORDINATOR_PLAN_NAME = "地域福祉コーディネーター事業"

    def doors(self):
        """The area's three doors, in the order a resident meets them: its coordinator, its 地域包括支援センター and
        its 文化センター. Each says the number to call and, in Japanese, what to say. The plan names no centre or
        address per area, so what no editor has entered sends the resident to the main number, never a guess."""
        code = settings.LANGUAGE_CODE
        area, centre = localized(self.area, "name", code), localized(self, "centre_name", code)
        main = {"phone": settings.CITY_MAIN_PHONE, "tel": phone.city_main_tel()}
        live = ServicePage.objects.live().public()
        if self.coordinator_phone:
            coordinator = {"phone": self.coordinator_phone, "tel": self.coordinator_tel_href, "main_number": False}
            coordinator["ask"] = f"{area}エリアの地域福祉コーディネーターと話したいです"
        else:
            coordinator = {**main, "main_number": True}
            coordinator["ask"] = f"地域福祉推進課に、{area}エリアの地域福祉コーディネーターと話したいです"
        return [
            {
                "key": "coordinator",
                **coordinator,
                "hours": self.coordinator_hours,
                "page": live.filter(plan_name=self.COORDINATOR_PLAN_NAME).first(),
            },
            {
                "key": "care_centre",
                **main,
                "main_number": True,
                "ask": "高齢者支援課に、住所を担当する地域包括支援センターを聞きたいです",
                "page": live.filter(plan_name=self.CARE_CENTRE_PLAN_NAME).first(),
            },
            {
                "key": "culture_centre",
                **main,
                "main_number": not self.centre_address,
                "name": self.centre_name,
                "address": self.centre_address,
                "ask": "" if self.centre_address else f"{centre}の場所を聞きたいです",
            },
        ]

    poster_template = "services/poster.html"

    def poster_contact(self):
        """What the poster says to call: the coordinator's number, else the city's main number."""
        return {
            "phone": self.coordinator_tel,
            "tel_href": self.coordinator_tel_href,
            "labels": [],
            "main_number": not self.coordinator_phone,
            "hours": self.coordinator_hours,
            "address": "",
        }

    def poster_context(self):
        return {"is_area": True, "poster_text": self.coordinator_intro}

    def description_text(self):
        return _(
            "The %(area)s welfare area around %(centre)s: its community welfare coordinator, places to belong "
            "and where to ask for help."
        ) % {"area": self.area.name, "centre": self.centre_name}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        live = ServicePage.objects.live().public()
        context["local_services"] = live.filter(areas=self.area).order_by("path")
        context["citywide_windows"] = live.filter(citywide=True, kinds__slug="consultation").distinct().order_by("path")
        context["coordinator_service"] = live.filter(plan_name="地域福祉コーディネーター事業").first()
        context["places"] = apps.get_model("services", "PlacePage").upcoming(area_slugs=[self.area.slug])
        return context


class ExplainerPage(TranslatedPageMixin, Page):
    """A plain-language page that explains how the system works for a resident."""

    summary = models.TextField(_("summary"), max_length=400)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("body"))

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    content_panels = Page.content_panels + [TranslationStatusPanel(), FieldPanel("summary"), FieldPanel("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    translation_check_fields = ("title", "summary")

    needs_quick_exit = False

    @property
    def is_for_neighbours(self):
        return self.slug == FOR_NEIGHBOURS_SLUG

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.is_for_neighbours:
            # The plan's windows for a child (#6) and for a woman (#10) facing violence at home.
            live = ServicePage.objects.live().public()
            context["children_window"] = live.filter(plan_name="子どもと家庭の総合相談事業").first()
            context["women_window"] = live.filter(plan_name="困難な問題を抱える女性等への支援事業").first()
        return context

    def public_lines(self):
        """The neighbours' page opens with an urgent-help box: 119 when someone may have collapsed, 110 for danger."""
        return ["ambulance", "police"] if self.is_for_neighbours else []

    class Meta:
        verbose_name = _("explainer page")
