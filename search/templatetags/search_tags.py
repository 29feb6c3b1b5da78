"""The search page's pieces that most searches share or that are many: {% kept %} and {% facet_lists %}.

{% kept %}: a piece of the search page rendered once and kept, since many searches show the same pieces.

    {% kept "card" entry.page_id entry.title %}<li class="card">…</li>{% endkept %}

The piece is kept per process (search.cache.fragment_memo, bounded) under a key made of its name, the active
language, every value given after the name (plain values key fastest: a result's fields rather than the result),
the index's version and the editors' readings, and it is dropped whenever the "site" token changes (any publish,
unpublish or taxonomy edit). So whatever the piece shows must come from the values given (a result's entry, the
facet counts) or from the site's pages (a result's door, the general window): nothing else of the request.
"""

import dataclasses
from html import escape

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal import page_markup
from portal.furigana import readings_version

from ..cache import fragment_memo, version

register = template.Library()


def _key(value):
    """A hashable stand-in for a value given to {% kept %}: dataclasses, lists and dicts by their contents, a model
    instance by its class and primary key."""
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(kind):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    if names is not None:
        return (kind.__name__, *(_key(getattr(value, name)) for name in names))
    if kind is list or kind is tuple:
        return tuple(_key(v) for v in value)
    if kind is dict:
        return tuple((k, _key(v)) for k, v in value.items())
    if hasattr(value, "pk"):
        return (kind.__name__, value.pk)
    return value


_FIELDS = {}


class KeptNode(template.Node):
    def __init__(self, name, values, nodelist):
        self.name = name
        self.values = values
        self.nodelist = nodelist

    def render(self, context):
        markup = page_markup.current(context)
        key = (
            self.name.resolve(context),
            translation.get_language(),
            *(_key(value.resolve(context)) for value in self.values),
            version("directory"),
            readings_version(),
            markup,
        )
        return fragment_memo.get(key, lambda: mark_safe(page_markup.marked(self.nodelist.render(context), markup)))


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% kept %} needs a name, then the values the piece is made from.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist)


LEGENDS = {"age": _("Age"), "attribute": _("Situation"), "area": _("Area")}
"""Each facet's legend; any other facet's is OTHER_LEGEND."""
OTHER_LEGEND = _("Kind of help")


@register.simple_tag(takes_context=True)
def facet_lists(context, facets):
    """A fieldset per facet with a checkbox for each value that has results or is chosen, with its count: written
    here rather than in the template, since a page has a hundred or so and the counts differ from search to search.
    Escaped by the standard library's html.escape: for a string the same as Django's, without its lazy wrapper.
    """
    out = []  # pieces that each stand on their own, marked once each (portal.page_markup)
    for facet, values in facets.items():
        legend = escape(str(LEGENDS.get(facet, OTHER_LEGEND)))
        out.append(f'\n    <fieldset class="facet">\n      <legend>{legend}</legend>\n      <ul>\n      ')
        name = escape(facet)
        for value in values:
            if value.count or value.selected:
                checked = " checked" if value.selected else ""
                out.append(
                    f'\n        <li><label><input type="checkbox" name="{name}" value="{escape(value.slug)}"{checked}> '
                    f'{escape(str(value.label))} <span class="count">({value.count})</span></label></li>\n      '
                )
        out.append("\n      </ul>\n    </fieldset>\n    ")
    return mark_safe(page_markup.marked_pieces(out, page_markup.current(context)))
