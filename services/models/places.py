"""Places to belong (居場所): salons, 子ども食堂 and ひろば that editors enter under their welfare area.

A place meets on a regular schedule (毎月第2・第4水曜, 毎週火曜); its next date skips Japanese public holidays.
Shipped content invents no places: sample places load only with `make demo` and say so wherever they appear.
"""

import datetime

import holidays
from dateutil import rrule
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, Panel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal import languages, phone
from services.blocks import ContentBlock
from services.panels import MissingInformationPanel, TranslationStatusPanel

from .entries import DirectoryEntry, body_text, labels, localized
from .pages import LOCKED_FIELDS_PERMISSION, AreaPage, TranslatedPageMixin
from .taxonomy import AgeGroup, Attribute, Kind

LOOKAHEAD_DAYS = 400
"""How far ahead to look for a place's next date: a monthly schedule always has one within this window."""

_JAPANESE_HOLIDAYS = holidays.country_holidays("JP")


def is_public_holiday(day):
    """True on a Japanese public holiday (祝日・振替休日・国民の休日), from the maintained `holidays` library."""
    return day in _JAPANESE_HOLIDAYS


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
WEEK_CHOICES = [
    ("1", pgettext_lazy("week of the month", "1st")),
    ("2", pgettext_lazy("week of the month", "2nd")),
    ("3", pgettext_lazy("week of the month", "3rd")),
    ("4", pgettext_lazy("week of the month", "4th")),
    ("5", pgettext_lazy("week of the month", "5th")),
]


class WeeksFormField(forms.MultipleChoiceField):
    """Checkboxes for the weeks of the month, stored as "2,4" in a plain CharField (portable to SQLite)."""

    widget = CheckboxSelectMultiple

    def __init__(self, *args, max_length=None, empty_value=None, **kwargs):
        kwargs.pop("choices", None)
        super().__init__(*args, choices=WEEK_CHOICES, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return [part for part in value.split(",") if part]
        return value

    def clean(self, value):
        return ",".join(sorted(set(super().clean(value))))

    def has_changed(self, initial, data):
        return sorted(self.prepare_value(initial) or []) != sorted(self.prepare_value(data) or [])


class WeeksField(models.CharField):
    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "form_class": WeeksFormField, "choices_form_class": WeeksFormField})


class PlacePage(TranslatedPageMixin, Page):
    """A place to belong in one welfare area: who it is for, where and when it meets, what it costs."""

    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences: what happens there and who is welcome.")
    )
    is_sample = models.BooleanField(
        _("sample"),
        default=False,
        help_text=_("A made-up place for trying the site (make demo). Residents see that it is not real."),
    )
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("Where it meets. Leave empty until confirmed.")
    )
    venue_address = models.CharField(
        _("venue address"), max_length=200, blank=True, help_text=_("Leave empty until confirmed.")
    )
    audience = models.CharField(
        _("who it is for"),
        max_length=200,
        blank=True,
        help_text=_("In words, e.g. 65歳以上の方, 小学生とその保護者. The age and situation boxes below drive search."),
    )
    ages = ParentalManyToManyField(AgeGroup, verbose_name=_("ages"), related_name="places", blank=True)
    attributes = ParentalManyToManyField(Attribute, verbose_name=_("situations"), related_name="places", blank=True)
    cost = models.CharField(
        _("cost"), max_length=200, blank=True, help_text=_("e.g. 無料, 100円. Leave empty until confirmed.")
    )
    organiser = models.CharField(
        _("run by"), max_length=200, blank=True, help_text=_("The group that runs it. Leave empty until confirmed.")
    )
    contact_phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        help_text=_("Leave empty until confirmed: residents then see the city's main number."),
    )
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("more about this place"))

    search_fields = Page.search_fields + [index.SearchField("summary"), index.FilterField("is_sample")]

    content_panels = Page.content_panels + [
        TranslationStatusPanel(),
        MissingInformationPanel(),
        FieldPanel("is_sample", permission=LOCKED_FIELDS_PERMISSION),
        FieldPanel("summary"),
        InlinePanel(
            "schedules",
            label=_("regular date"),
            heading=_("When it meets"),
            help_text=_("Dates that fall on a public holiday are skipped when residents are shown the next date."),
        ),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("venue_address"), FieldPanel("organiser"), FieldPanel("contact_phone")],
            heading=_("Where and who runs it"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("ages", widget=CheckboxSelectMultiple),
                FieldPanel("attributes", widget=CheckboxSelectMultiple),
                FieldPanel("cost"),
            ],
            heading=_("Who it is for"),
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["services.AreaPage"]
    subpage_types = []
    translation_check_fields = ("title", "summary")

    class Meta:
        verbose_name = _("place to belong")
        verbose_name_plural = _("places to belong")

    @classmethod
    def upcoming(cls, *, area_slugs=None, age_slugs=None, attribute_slugs=None, limit=None, today=None):
        """Live, public places (specific pages) ordered by their next date, places without a date last.

        Each argument narrows the list when given: a place matches an age or situation filter when it carries any of
        the slugs; a place with no ages ticked is open to every age. Returns [(PlacePage, date or None), ...].
        """
        today = today or datetime.date.today()
        places = cls.objects.live().public()
        if area_slugs:
            parents = AreaPage.objects.filter(area__slug__in=list(area_slugs))
            area_filter = Q()
            for parent in parents:
                area_filter |= Q(path__startswith=parent.path, depth=parent.depth + 1)
            if not parents:
                return []
            places = places.filter(area_filter)
        if age_slugs:
            places = places.filter(Q(ages__slug__in=list(age_slugs)) | Q(ages__isnull=True))
        if attribute_slugs:
            places = places.filter(attributes__slug__in=list(attribute_slugs))
        places = places.distinct().prefetch_related("schedules")
        dated = [(place, place.next_date(today)) for place in places]
        dated.sort(key=lambda pair: (pair[1] is None, pair[1] or datetime.date.max, pair[0].path))
        return dated[:limit] if limit is not None else dated

    def directory_entry(self):
        ages, attributes, area = list(self.ages.all()), list(self.attributes.all()), self.area
        kinds = list(Kind.objects.filter(slug="place"))

        def texts(code):
            title = localized(self, "title", code)
            other = "\n".join(
                [
                    localized(self, "summary", code),
                    localized(self, "venue", code),
                    localized(self, "audience", code),
                    localized(self, "organiser", code),
                    body_text(self, code),
                    labels(kinds + ages + attributes + ([area] if area else []), code),
                ]
            )
            return title, other

        return DirectoryEntry(
            entry_type="place",
            facets={
                "kind": ["place"],
                # A place that ticks no age is open to all ages, and carries every age slug (CONTRACT §1).
                "age": [a.slug for a in ages] or list(AgeGroup.objects.values_list("slug", flat=True)),
                "attribute": [a.slug for a in attributes],
                "area": [area.slug] if area else [],
            },
            texts=texts,
            summary=lambda code: self.summary,
        )

    @property
    def area_page(self):
        parent = self.get_parent()
        return parent.specific if parent and isinstance(parent.specific, AreaPage) else None

    @property
    def area(self):
        page = self.area_page
        return page.area if page else None

    @property
    def contact_tel(self):
        return self.contact_phone or settings.CITY_MAIN_PHONE

    @property
    def contact_tel_href(self):
        return phone.tel_href(self.contact_tel)

    poster_template = "services/place_poster.html"

    def poster_contact(self):
        """What the poster says to call: the organiser's number, else the city's main number."""
        return {
            "phone": self.contact_tel,
            "tel_href": self.contact_tel_href,
            "labels": [],
            "main_number": not self.contact_phone,
            "hours": "",
            "address": self.venue_address,
        }

    def poster_context(self):
        return {
            "is_area": False,
            "poster_text": self.summary,
            "schedules": list(self.schedules.all()),
            "upcoming": self.upcoming_dates(2),
        }

    def next_date(self, today=None):
        """The first meeting on or after `today` that is not a public holiday; None without a schedule."""
        dates = [d for d in (row.next_date(today) for row in self.schedules.all()) if d]
        return min(dates) if dates else None

    def upcoming_dates(self, count=3, today=None):
        """The next `count` meetings, holidays skipped, across every schedule row."""
        today = today or datetime.date.today()
        found = set()
        for row in self.schedules.all():
            found.update(row.dates(today, count))
        return sorted(found)[:count]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["schedules"] = list(self.schedules.all())
        context["upcoming"] = self.upcoming_dates(3)
        context["area_page"] = self.area_page
        return context

    def missing_information(self):
        missing = []
        if not self.venue:
            missing.append(_("the venue"))
        if not any(row.start_time for row in self.schedules.all()):
            missing.append(_("the dates and times it meets"))
        if not self.cost:
            missing.append(_("cost"))
        if not self.contact_phone:
            missing.append(_("a phone number (the city's main number is shown)"))
        return missing


class PlaceSchedule(Orderable):
    """One regular date: every week on a weekday, or the nth weekday(s) of each month."""

    WEEKLY, MONTHLY = "weekly", "monthly"
    FREQUENCIES = [(MONTHLY, _("monthly, on the weeks ticked")), (WEEKLY, _("every week"))]

    page = ParentalKey(PlacePage, on_delete=models.CASCADE, related_name="schedules")
    frequency = models.CharField(_("how often"), max_length=10, choices=FREQUENCIES, default=MONTHLY)
    weeks = WeeksField(_("weeks of the month"), max_length=20, blank=True, help_text=_("e.g. 2nd and 4th."))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("e.g. 8月はお休み."))

    panels = [
        FieldRowPanel([FieldPanel("frequency"), FieldPanel("weekday")]),
        FieldPanel("weeks"),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("regular date")

    def clean(self):
        """Every problem of the row at once, so an editor fixes them in one go."""
        super().clean()
        errors = {}
        if self.frequency == self.MONTHLY and not self.week_numbers:
            errors["weeks"] = _("Tick at least one week of the month.")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        if errors:
            raise ValidationError(errors)

    @property
    def week_numbers(self):
        return sorted({int(part) for part in (self.weeks or "").split(",") if part.strip().isdigit()})

    def rule(self, start):
        weekday = rrule.weekdays[self.weekday]
        if self.frequency == self.WEEKLY:
            return rrule.rrule(rrule.WEEKLY, byweekday=weekday, dtstart=start)
        return rrule.rrule(rrule.MONTHLY, byweekday=[weekday(n) for n in self.week_numbers], dtstart=start)

    def dates(self, today=None, count=1):
        """The next `count` dates on or after `today`, public holidays skipped."""
        today = today or datetime.date.today()
        if self.weekday is None or (self.frequency == self.MONTHLY and not self.week_numbers):
            return []
        start = datetime.datetime.combine(today, datetime.time())
        until = start + datetime.timedelta(days=LOOKAHEAD_DAYS)
        found = []
        for moment in self.rule(start).between(start, until, inc=True):
            if not is_public_holiday(moment.date()):
                found.append(moment.date())
                if len(found) >= count:
                    break
        return found

    def next_date(self, today=None):
        dates = self.dates(today, 1)
        return dates[0] if dates else None

    def describe(self):
        """「毎月第2・第4水曜」 / "2nd and 4th Wednesday of each month", in the active language."""
        weekday = str(dict(WEEKDAYS)[self.weekday])
        if self.frequency == self.WEEKLY:
            return gettext("Every %(weekday)s") % {"weekday": weekday}
        labels = [str(dict(WEEK_CHOICES)[str(n)]) for n in self.week_numbers]
        if languages.is_japanese():
            joined = "・".join(labels)
        elif len(labels) > 1:
            joined = gettext("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}
        else:
            joined = "".join(labels)
        return gettext("The %(weeks)s %(weekday)s of each month") % {"weeks": joined, "weekday": weekday}

    def times(self):
        if self.start_time and self.end_time:
            return f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"
        if self.start_time:
            return gettext("from %(time)s") % {"time": f"{self.start_time:%H:%M}"}
        return ""


class SampleNoticePanel(Panel):
    """Tells editors, at the top of the form, that a page is a sample from `make demo`."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "services/panels/sample_notice.html"

        def is_shown(self):
            return bool(self.instance and getattr(self.instance, "is_sample", False))


PlacePage.content_panels.insert(1, SampleNoticePanel())
