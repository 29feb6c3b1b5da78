"""The finder's questions: the form that checks its GET parameters, and the household's answer."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from services.models import (
    AgeGroup,
    Area,
    Attribute,
)

NAVI_PARAMETERS = ("who", "age", "attribute", "area")
MAX_MEMBERS = 10
"""The most household members the form accepts."""
COUNTER_PREFIX = "members-"
"""The household counters' names (members-senior=2); the answer's address carries them as age=senior&age=senior."""

WHO_CHOICES = [
    ("me", _("Me")),
    ("family", _("Someone in my family")),
    ("neighbour", _("Someone near me (a neighbour, a friend, someone I look out for)")),
]

EVERYDAY_WORDS = {
    "elderly-care": _("An older person needs help or care in daily life"),
    "dementia": _("Forgetting things more and more; worried about dementia"),
    "disability": _("Living with a disability, or a family member has one"),
    "child-rearing": _("Worries about raising a child"),
    "single-parent": _("Raising children alone"),
    "poverty": _("Money is short; hard to pay for daily life"),
    "work": _("Cannot find work, or finds it hard to keep working"),
    "housing": _("Trouble finding or keeping a home"),
    "isolation": _("Someone hardly leaves home, or has no one to talk to"),
    "women": _("Violence or hurtful treatment at home; troubles as a woman"),
    "foreign-resident": _("Language or life in Japan as a foreign resident"),
    "health": _("Worries about health of body or mind"),
    "school": _("Not going to school, or trouble at school"),
    "carer": _("Caring for a family member is hard (also a child who looks after family)"),
    "community": _("Wants to meet people, join local activities or help others"),
}
"""What the "what is happening" question says for each situation (CONTRACT §1 attribute slugs), in everyday words.
A situation an editor adds later shows its label."""


def counters_as_ages(query):
    """The counters' answer as the address's own parameters: members-senior=2&members-child=1 becomes
    age=senior&age=senior&age=child (in the taxonomy's order), so an answer has one address, and links made before
    the counters keep working. None when no counter was sent. A count that is not a whole number counts as 0."""
    if not any(key.startswith(COUNTER_PREFIX) for key in query):
        return None
    canonical = query.copy()
    ages = []
    for age in AgeGroup.objects.all():
        raw = (canonical.pop(COUNTER_PREFIX + age.slug, None) or [""])[-1].strip()
        count = int(raw) if raw.isdigit() and len(raw) <= 3 else 0
        ages += [age.slug] * min(count, MAX_MEMBERS + 1)  # one too many is enough for the form to say so
    for key in [key for key in canonical if key.startswith(COUNTER_PREFIX)]:
        del canonical[key]
    canonical.setlist("age", ages)
    return canonical


class NaviForm(forms.Form):
    """Checks the navi's GET parameters; `age` is repeatable, one per household member, duplicates allowed."""

    who = forms.ChoiceField(choices=WHO_CHOICES, required=False)
    age = forms.MultipleChoiceField(required=False)
    attribute = forms.MultipleChoiceField(required=False)
    area = forms.ChoiceField(required=False)

    def __init__(self, data=None, **kwargs):
        if data is not None:
            # Empty household rows and an unchosen area are "no answer", not an error.
            data = data.copy()
            for name in ("age", "attribute"):
                data.setlist(name, [v for v in data.getlist(name) if v.strip()])
        super().__init__(data, **kwargs)
        self.ages = list(AgeGroup.objects.all())
        self.attributes = list(Attribute.objects.all())
        self.areas = list(Area.objects.all())
        self.fields["age"].choices = [(a.slug, a.name) for a in self.ages]
        self.fields["attribute"].choices = [(a.slug, a.name) for a in self.attributes]
        self.fields["area"].choices = [("", "")] + [(a.slug, a.name) for a in self.areas]
        # The messages do not repeat the value: a link must not make the city's site say arbitrary words.
        invalid = {
            "age": _("One of the age groups was not recognised. Please choose it again."),
            "attribute": _("One of the situations was not recognised. Please choose it again."),
            "area": _("The area was not recognised. Please choose it again."),
            "who": _("Please choose who you are worried about again."),
        }
        for name, message in invalid.items():
            self.fields[name].error_messages["invalid_choice"] = message

    def clean_age(self):
        ages = self.cleaned_data["age"]
        if len(ages) > MAX_MEMBERS:
            raise forms.ValidationError(
                _("Please give at most %(count)s household members."), params={"count": MAX_MEMBERS}
            )
        return ages

    def error_text(self):
        return " ".join(str(message) for errors in self.errors.values() for message in errors)

    def answer(self):
        data = self.cleaned_data
        return NaviAnswer(
            who=data["who"],
            ages=data["age"],
            attributes=list(dict.fromkeys(data["attribute"])),
            area=data["area"],
        )

    def shown_values(self):
        """What the form shows as chosen: the checked answer, or after an error the values that were understood."""
        if self.is_bound and self.is_valid():
            answer = self.answer()
            return {"who": answer.who, "ages": answer.ages, "attributes": answer.attributes, "area": answer.area}
        raw = self.data if self.is_bound else {}
        known_ages = {a.slug for a in self.ages}
        known_attributes = {a.slug for a in self.attributes}
        return {
            "who": raw.get("who") if raw.get("who") in dict(WHO_CHOICES) else "",
            "ages": [v for v in raw.getlist("age") if v in known_ages][:MAX_MEMBERS] if raw else [],
            "attributes": [v for v in raw.getlist("attribute") if v in known_attributes] if raw else [],
            "area": raw.get("area") if raw.get("area") in {a.slug for a in self.areas} else "",
        }


@dataclass
class NaviAnswer:
    who: str = ""
    ages: list = field(default_factory=list)
    """One age slug per household member, in the order given; the same slug may come more than once."""
    attributes: list = field(default_factory=list)
    area: str = ""

    @property
    def age_set(self):
        return list(dict.fromkeys(self.ages))

    @property
    def is_empty(self):
        return not self.ages and not self.attributes
