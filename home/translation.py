from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import HomePage, PlanIndicator, PlanPage, PlanPillar


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("intro", "first_window_heading", "first_window_text", "coordinator_text")


@register(PlanPage)
class PlanPageTR(TranslationOptions):
    fields = ("summary", "body", "team_heading", "team_intro", "team_centre", "team_members", "indicators_intro")


@register(PlanPillar)
class PlanPillarTR(TranslationOptions):
    fields = ("name", "description", "who")


@register(PlanIndicator)
class PlanIndicatorTR(TranslationOptions):
    fields = ("category", "name", "target_text", "source_note")
