"""Places to belong (居場所): salons, 子ども食堂 and ひろば that editors enter under their welfare area.

A place meets on a regular schedule (毎月第2・第4水曜, 毎週火曜); its next date skips Japanese public holidays.
Shipped content invents no places: sample places load only with `make demo` and say so wherever they appear.
"""

import datetime
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.forms import CheckboxSelectMultiple
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, Panel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal import languages, phone
from services import schedules
from services.blocks import ContentBlock
from services.panels import LockedFieldPanel, MissingInformationPanel, NextDatesPanel, TranslationStatusPanel

from .entries import DirectoryEntry, body_text, labels, localized
from .pages import LOCKED_FIELDS_PERMISSION, AreaPage, TranslatedPageMixin
from .taxonomy import AgeGroup, Attribute, Kind

LOOKAHEAD_DAYS = schedules.LOOKAHEAD_DAYS
is_public_holiday = schedules.is_public_holiday


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


MONTH_CHOICES = [(str(number), name) for number, name in MONTHS.items()]


class WeeksFormField(forms.MultipleChoiceField):
    """Checkboxes for the weeks of the month, stored as "2,4" in a plain CharField (portable to SQLite)."""

    widget = CheckboxSelectMultiple
    number_choices = WEEK_CHOICES

    def __init__(self, *args, max_length=None, empty_value=None, **kwargs):
        kwargs.pop("choices", None)
        super().__init__(*args, choices=self.number_choices, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return [part for part in value.split(",") if part]
        return value

    def clean(self, value):
        return ",".join(sorted(set(super().clean(value)), key=int))

    def has_changed(self, initial, data):
        return sorted(self.prepare_value(initial) or []) != sorted(self.prepare_value(data) or [])


class MonthsFormField(WeeksFormField):
    """Checkboxes for the months of the year, stored as "8,12"."""

    number_choices = MONTH_CHOICES


class WeeksField(models.CharField):
    form_class = WeeksFormField

    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "form_class": self.form_class, "choices_form_class": self.form_class})


class MonthsField(WeeksField):
    form_class = MonthsFormField


class PlacePage(TranslatedPageMixin, Page):
    """A place to belong in one welfare area: who it is for, where and when it meets, what it costs."""

    open_data_id = models.UUIDField(
        _("open data id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("The id of this place in the open data; never changes."),
    )
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
    publish_contact = models.BooleanField(
        _("publish the contact as open data"),
        default=False,
        help_text=_(
            "The phone number and the group's name are often a volunteer's own: tick only when they agreed to "
            "have them in the open data files."
        ),
    )
    closed_months = MonthsField(
        _("closed months"), max_length=40, blank=True, help_text=_("No meeting at all in the months ticked.")
    )
    cancelled_dates = models.TextField(
        _("cancelled dates"),
        blank=True,
        help_text=_("One date per line, e.g. 2027-09-08: the regular date is not held on these days."),
    )
    extra_dates = models.TextField(
        _("extra dates"),
        blank=True,
        help_text=_(
            "One date per line, e.g. 2027-08-25: held on these days besides the regular dates, at the times of the "
            "first regular date."
        ),
    )
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("more about this place"))

    search_fields = Page.search_fields + [index.SearchField("summary"), index.FilterField("is_sample")]

    content_panels = Page.content_panels + [
        TranslationStatusPanel(),
        MissingInformationPanel(),
        LockedFieldPanel("is_sample", permission=LOCKED_FIELDS_PERMISSION),
        FieldPanel("summary"),
        InlinePanel(
            "schedules",
            label=_("regular date"),
            heading=_("When it meets"),
            help_text=_("Dates that fall on a public holiday are skipped when residents are shown the next date."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("closed_months", widget=CheckboxSelectMultiple),
                FieldPanel("cancelled_dates", widget=forms.Textarea(attrs={"rows": 3})),
                FieldPanel("extra_dates", widget=forms.Textarea(attrs={"rows": 3})),
                NextDatesPanel(),
            ],
            heading=_("Closed months, cancelled and extra dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("venue_address"),
                FieldPanel("organiser"),
                FieldPanel("contact_phone"),
                FieldPanel("publish_contact"),
            ],
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

    exclude_fields_in_copy = ["open_data_id"]
    """A copy is a new place with an id of its own."""

    def with_content_json(self, content):
        """A revision (even one older than the id) never changes the place's open-data id."""
        obj = super().with_content_json(content)
        obj.open_data_id = self.open_data_id
        return obj

    def open_data_contact(self):
        """(organiser, phone) for the open data: empty unless the editor ticked publish_contact."""
        if not self.publish_contact:
            return "", ""
        return self.organiser, self.contact_phone

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
            "exception_notes": self.exception_notes(),
        }

    def schedule_exceptions(self):
        """Closed months, cancelled and extra dates as the calendar takes them (what cannot be read is left out;
        clean() has told the editor)."""
        return {
            "closed_months": schedules.parse_months(self.closed_months)[0],
            "cancelled": schedules.parse_dates(self.cancelled_dates)[0],
            "extra": schedules.parse_dates(self.extra_dates)[0],
        }

    def meetings(self, start, end, limit=None):
        """Every Meeting from `start` to `end` (dates, both included): regular rows minus public holidays, closed
        months and cancelled dates, plus extra dates."""
        return schedules.meetings(self.schedules.all(), start, end, limit=limit, **self.schedule_exceptions())

    def next_date(self, today=None):
        """The first meeting on or after `today`; None without a schedule."""
        dates = self.upcoming_dates(1, today)
        return dates[0] if dates else None

    def upcoming_dates(self, count=3, today=None):
        """The next `count` meeting days across every schedule row, with the exceptions honoured."""
        today = today or datetime.date.today()
        return schedules.next_days(self.schedules.all(), today, count, **self.schedule_exceptions())

    def exception_notes(self, today=None):
        """What residents read under the regular dates, in the active language: 「8月はお休みです。」 and the
        cancelled and extra dates still to come."""
        today = today or datetime.date.today()
        exceptions = self.schedule_exceptions()
        japanese = languages.is_japanese()
        separator = "・" if japanese else ", "
        notes = []
        if exceptions["closed_months"]:
            months = separator.join(
                date_format(datetime.date(2000, month, 1), "F") for month in exceptions["closed_months"]
            )
            notes.append(gettext("Closed in %(months)s.") % {"months": months})
        separator = "、" if japanese else ", "
        cancelled = [day for day in exceptions["cancelled"] if day >= today]
        if cancelled:
            days = separator.join(date_format(day, "MEETING_DAY_FORMAT") for day in cancelled)
            notes.append(gettext("Not held on %(days)s.") % {"days": days})
        extra = [day for day in exceptions["extra"] if day >= today]
        if extra:
            days = separator.join(date_format(day, "MEETING_DAY_FORMAT") for day in extra)
            notes.append(gettext("Also held on %(days)s.") % {"days": days})
        return notes

    def schedule_errors(self):
        """Every problem with the exceptions at once, by field, in the admin's words."""
        errors = {}
        months, bad_months = schedules.parse_months(self.closed_months)
        if bad_months:
            errors.setdefault("closed_months", []).append(
                gettext("Not a month: %(values)s") % {"values": "、".join(bad_months)}
            )
        parsed = {}
        for name in ("cancelled_dates", "extra_dates"):
            days, bad = schedules.parse_dates(getattr(self, name))
            parsed[name] = days
            for value in bad:
                errors.setdefault(name, []).append(
                    gettext('"%(value)s" is not a date (write it as 2027-08-25).') % {"value": value}
                )
        for day in parsed["extra_dates"]:
            if day in parsed["cancelled_dates"]:
                errors.setdefault("extra_dates", []).append(
                    gettext("%(day)s is both an extra and a cancelled date.") % {"day": day.isoformat()}
                )
            if day.month in months:
                errors.setdefault("extra_dates", []).append(
                    gettext("%(day)s falls in a closed month.") % {"day": day.isoformat()}
                )
        return errors, parsed

    def clean(self):
        super().clean()
        errors, parsed = self.schedule_errors()
        if errors:
            raise ValidationError(errors)
        self.closed_months = schedules.format_months(schedules.parse_months(self.closed_months)[0])
        self.cancelled_dates = schedules.format_dates(parsed["cancelled_dates"])
        self.extra_dates = schedules.format_dates(parsed["extra_dates"])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["schedules"] = list(self.schedules.all())
        context["upcoming"] = self.upcoming_dates(3)
        context["exception_notes"] = self.exception_notes()
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

    def dates(self, today=None, count=1):
        """The next `count` dates of this row alone on or after `today`, public holidays skipped."""
        return schedules.next_days([self], today or datetime.date.today(), count)

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
