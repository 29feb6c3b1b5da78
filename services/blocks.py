"""StreamField blocks for program and explainer pages: text, how-to steps, questions and answers."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=300)
    answer = blocks.TextBlock(label=_("answer"))

    class Meta:
        icon = "help"
        label = _("question and answer")


class ContentBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("text"),
        features=["h3", "bold", "link", "ol", "ul"],
        template="blocks/text.html",
    )
    steps = blocks.ListBlock(
        blocks.CharBlock(label=_("step"), max_length=600),
        label=_("how to use it (steps)"),
        template="blocks/steps.html",
        icon="list-ol",
    )
    faq = blocks.ListBlock(
        QuestionBlock(),
        label=_("questions and answers"),
        template="blocks/faq.html",
        icon="help",
    )

    class Meta:
        block_counts = {"steps": {"max_num": 1}, "faq": {"max_num": 1}}
