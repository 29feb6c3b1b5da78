"""The frame around every page (portal.templatetags.site_frame): pieces kept per language, links written in Python."""

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from portal.context_processors import site_languages
from portal.templatetags import site_frame

FRAME = Template('{% load site_frame %}{% frame "test-piece" %}{{ value }}{% endframe %}')


def test_a_piece_is_rendered_once_per_language():
    site_frame._kept.clear()
    with translation.override("en"):
        assert FRAME.render(Context({"value": "first"})) == "first"
        assert FRAME.render(Context({"value": "second"})) == "first"
    with translation.override("ko"):
        assert FRAME.render(Context({"value": "third"})) == "third"


def test_a_changed_setting_forgets_the_kept_pieces(settings):
    site_frame._kept.clear()
    with translation.override("en"):
        FRAME.render(Context({"value": "first"}))
        settings.CITY_MAIN_PHONE = "042-000-0000"
        assert FRAME.render(Context({"value": "second"})) == "second"


def test_the_links_written_in_python_are_what_the_template_loops_wrote():
    """The same markup as the loops they replace, escaping included (a query with quotes, brackets and &)."""
    request = RequestFactory().get("/en/search/", {"q": '"<介護>" & care'}, HTTP_HOST="localhost")
    with translation.override("en"):
        context = {"request": request, **site_languages(request)}
        loops = Template(
            "{% for lang in site_languages %}"
            '<link rel="alternate" hreflang="{{ lang.hreflang }}" '
            'href="{{ request.scheme }}://{{ request.get_host }}{{ lang.alternate_url }}">\n  {% endfor %}'
            '{% for lang in site_languages %}{% if lang.code == "ja" %}<link rel="alternate" hreflang="x-default" '
            'href="{{ request.scheme }}://{{ request.get_host }}{{ lang.alternate_url }}">{% endif %}{% endfor %}'
            "|{% for lang in site_languages %}"
            '<li><a href="{{ lang.url }}" lang="{{ lang.html_lang }}" hreflang="{{ lang.hreflang }}"'
            '{% if lang.current %} aria-current="true"{% endif %}>{{ lang.name }}</a></li>'
            "{% if not forloop.last %}\n      {% endif %}{% endfor %}"
        ).render(Context(context))
        python = Template("{% load site_frame %}{% alternate_links %}|{% language_links %}").render(Context(context))
    assert python == loops
    assert python.count("?q=%22%3C") == 6  # every language's link keeps the query; the alternates do not
