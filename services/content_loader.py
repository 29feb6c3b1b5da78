"""Loads the city's shipped content (services/content/) into the database.

Every field the loader writes is remembered as a digest (`LoadedValue`). On a later load a field is
updated only while it still holds what the loader wrote; a field an editor has changed is kept, and a
page with an unpublished editor draft is left alone. Loading twice changes nothing.
"""

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.blocks import RichTextBlock
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from portal import languages
from services.models import (
    GENERAL_WINDOW_PLAN_NAME,
    AgeGroup,
    Area,
    AreaIndexPage,
    AreaPage,
    Attribute,
    Department,
    DirectorySettings,
    ExplainerPage,
    Kind,
    LoadedValue,
    Reading,
    ServiceIndexPage,
    ServicePage,
)

from . import facets

CONTENT_DIR = Path(__file__).resolve().parent / "content"
TAXONOMIES = facets.MODELS
PROGRAM_RELATIONS = {
    "kinds": Kind,
    "ages": AgeGroup,
    "attributes": Attribute,
    "areas": Area,
    "departments": Department,
}
LANGUAGE_CODES = list(languages.CODES)
AREA_TITLE = {
    "ja": "{name}エリア",
    "ja-easy": "{name}エリア",
    "en": "{name} area",
    "zh-hans": "{name}地区",
    "ko": "{name} 지역",
    "vi": "Khu vực {name}",
}
EMPTY = (None, "", [])

STEPS = {}
"""{name: (order, function(loader))}: the loading steps of the apps above services (home's page tree and plan,
search's synonyms), registered from their `content` modules with @loading_step; Loader.load runs them with its
own (SERVICES_STEPS) in order."""


def loading_step(order):
    def register(function):
        STEPS[f"{function.__module__}.{function.__qualname__}"] = (order, function)
        return function

    return register


def read_toml(path):
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def digest(value):
    """None and "" are the same empty field (the edit form saves some empty fields as one, some as the other)."""
    value = "" if value is None else value
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def paragraphs_to_html(text):
    paragraphs = [p.strip() for p in (text or "").strip().split("\n\n") if p.strip()]
    # Quotes stay as they are: Wagtail's editor writes them back unescaped, and an unchanged save must compare equal.
    # <br/> as Wagtail's editor writes it: its converter cannot read a bare <br>, and the edit view would fail.
    return "".join("<p>" + escape(p, quote=False).replace("\n", "<br/>") + "</p>" for p in paragraphs)


def body_stream(table):
    """The StreamField value for a language table: text, then steps, then questions and answers."""
    stream = []
    if table.get("body", "").strip():
        stream.append({"type": "text", "value": paragraphs_to_html(table["body"])})
    if table.get("steps"):
        stream.append({"type": "steps", "value": list(table["steps"])})
    if table.get("faq"):
        stream.append({"type": "faq", "value": [{"question": i["q"], "answer": i["a"]} for i in table["faq"]]})
    return stream


_BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


def as_the_form_saves(page):
    """Puts the page's body streams in the shape the edit form saves them: every block and list item with its id,
    rich text with the editor's block keys. A loaded page kept its streams as written here, so the first save in the
    admin changed them all and comparing revisions listed every body, not the one field an editor changed.
    True when anything changed (the loader then saves a revision once; afterwards the shapes agree)."""
    changed = False
    for name, form_field in type(page).get_edit_handler().get_form_class().base_fields.items():
        # an empty field as the form saves it: None or "" depending on the field, whatever the loader wrote
        empty = getattr(form_field, "empty_value", 0)
        if empty != 0 and getattr(page, name, 0) in (None, "") and getattr(page, name) != empty:
            setattr(page, name, empty)
            changed = True
    for model_field in page._meta.get_fields():
        if not isinstance(model_field, StreamField):
            continue
        value = getattr(page, model_field.attname)
        before = json.dumps(list(value.raw_data), sort_keys=True, ensure_ascii=False, default=str)
        stream = model_field.stream_block.to_python(list(value.raw_data))
        list(stream)  # every block as Python, so a list written compactly comes back with its items' ids
        raw = model_field.stream_block.get_prep_value(stream)
        for item in raw:
            block = model_field.stream_block.child_blocks.get(item["type"])
            if isinstance(block, RichTextBlock) and item["value"]:
                converter = ContentstateConverter(features=block.features)
                item["value"] = converter.to_database_format(converter.from_database_format(item["value"]))
        if json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str) != before:
            setattr(page, model_field.attname, raw)
            changed = True
    return changed


def without_ids(raw):
    """A StreamField's raw data without block ids or the rich-text editor's block keys, for comparing what is
    stored with what was loaded: an editor who saves without changing the text has changed nothing."""
    if isinstance(raw, list):
        return [without_ids(item) for item in raw]
    if isinstance(raw, dict):
        if "id" in raw and "value" in raw:
            value = without_ids(raw["value"])
            return value if raw.get("type") == "item" else {"type": raw["type"], "value": value}
        return {key: without_ids(value) for key, value in raw.items()}
    if isinstance(raw, str):
        return _BLOCK_KEY.sub("", raw)
    return raw


def stream_value(stream):
    return without_ids(list(stream.raw_data)) if hasattr(stream, "raw_data") else without_ids(list(stream or []))


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    def __str__(self):
        return f"{len(self.created)} created, {len(self.updated)} updated, {len(self.kept)} editor changes kept"


class Loader:
    def __init__(self, content_dir=CONTENT_DIR):
        self.content_dir = Path(content_dir)
        self.report = Report()
        self.laws = {}
        self.pages = {}
        """The pages later steps build on, by name: "home", "directory", "areas", "programs" {plan_name: page}."""
        self._files = {}

    # -- the three-way rule -------------------------------------------------------------------
    def merge(self, key, new, current, setter, fresh):
        """Write `new` unless an editor changed the field since the loader last wrote it.

        `fresh` is true for an object this load creates. A field that held a value before the loader ever
        wrote it belongs to an editor. Returns True when the field changed.
        """
        record = LoadedValue.objects.filter(key=key).first()
        if record is None:
            if not fresh and current not in EMPTY:
                self.report.kept.append(key)
                return False
        elif digest(current) != record.digest:
            self.report.kept.append(key)
            return False
        LoadedValue.objects.update_or_create(key=key, defaults={"digest": digest(new)})
        if current == new or (current in (None, "") and new in (None, "")):
            return False
        setter(new)
        return True

    def merge_attr(self, obj, key, attr, new, fresh):
        return self.merge(f"{key}:{attr}", new, getattr(obj, attr), lambda v: setattr(obj, attr, v), fresh)

    def merge_stream(self, obj, key, attr, new, fresh):
        current = stream_value(getattr(obj, attr))
        return self.merge(f"{key}:{attr}", new, current, lambda v: setattr(obj, attr, v), fresh)

    def merge_relation(self, obj, key, attr, model, slugs, fresh):
        new = sorted(slugs)
        found = {o.slug: o for o in model.objects.filter(slug__in=new)}
        if missing := set(new) - set(found):
            raise ValueError(f"{key}: unknown {attr} {sorted(missing)}")
        current = sorted(o.slug for o in getattr(obj, attr).all())
        return self.merge(f"{key}:{attr}", new, current, lambda v: getattr(obj, attr).set([found[s] for s in v]), fresh)

    def merge_translated(self, obj, key, tables, sources, fresh):
        """`sources` maps a translated field to a key of each language table, or to a function of it."""
        changed = False
        for code in LANGUAGE_CODES:
            table = tables.get(code)
            if not table:
                continue
            for attr, source in sources.items():
                name = build_localized_fieldname(attr, code)
                value = source(table) if callable(source) else table.get(source, "")
                if isinstance(value, str):
                    value = value.strip()
                if isinstance(value, list):
                    changed |= self.merge_stream(obj, key, name, value, fresh)
                else:
                    changed |= self.merge_attr(obj, key, name, value, fresh)
        return changed

    # -- taxonomies and departments -------------------------------------------------------------
    def load_taxonomies(self, data):
        rows = [
            (facet, model, order, row) for facet, model in TAXONOMIES.items() for order, row in enumerate(data[facet])
        ]
        rows += [("department", Department, order, row) for order, row in enumerate(data["department"])]
        for facet, model, order, row in rows:
            obj = model.objects.filter(slug=row["slug"]).first()
            fresh = obj is None
            if fresh:
                obj = model(slug=row["slug"])
            key = f"{facet}:{row['slug']}"
            tables = {
                code: {"name": row[code], "division": row.get(f"division_{code}", "")}
                for code in LANGUAGE_CODES
                if code in row
            }
            sources = {"name": "name", "division": "division"} if model is Department else {"name": "name"}
            changed = self.merge_translated(obj, key, tables, sources, fresh)
            if model is not Department:
                changed |= self.merge_attr(obj, key, "sort_order", order, fresh)
            if fresh or changed:
                obj.save()
                (self.report.created if fresh else self.report.updated).append(key)
        self.laws = {law["ja"]: law for law in data.get("law", [])}

    # -- pages -------------------------------------------------------------------------------
    def page(self, model, parent, slug, tables, sources, plain=None, relations=None):
        """Create or update one page, publishing it when anything changed.

        `sources`: translated fields from the language tables; `plain`: untranslated field values;
        `relations`: many-to-many fields as {attr: (model, slugs)}.
        """
        key = f"page:{slug}"
        page = (
            model.objects.child_of(parent).filter(slug=slug).first()
            if parent
            else model.objects.filter(slug=slug).first()
        )
        fresh = page is None
        if fresh:
            page = model(slug=slug)
        elif page.has_unpublished_changes:
            self.report.kept.append(f"{key} (unpublished draft)")
            return page
        changed = self.merge_translated(page, key, tables, {"title": "title", **sources}, fresh)
        for attr, value in (plain or {}).items():
            changed |= self.merge_attr(page, key, attr, value, fresh)
        for attr, (related_model, slugs) in (relations or {}).items():
            changed |= self.merge_relation(page, key, attr, related_model, slugs, fresh)
        shaped = as_the_form_saves(page)  # true once, for a page loaded before the loader shaped its streams
        if fresh:
            page.title = tables[settings.LANGUAGE_CODE]["title"].strip()
            if parent is None:
                Page.get_first_root_node().add_child(instance=page)
            else:
                parent.add_child(instance=page)
            page.save_revision().publish()
            self.report.created.append(key)
        elif changed or shaped:
            page.save_revision().publish()
            self.report.updated.append(key if changed else f"{key} (saved once as the edit form saves)")
        return page

    def legal_basis(self, data, code):
        law = data.get("legal_basis", "")
        if not law:
            return ""
        return self.laws.get(law, {}).get(code, law if languages.is_japanese(code) else "")

    def load(self):
        """Every step, in order, in one transaction: services' own and those the apps above it register."""
        autodiscover_modules("content")  # home.content and search.content register their steps (STEPS)
        steps = sorted([*SERVICES_STEPS, *STEPS.items()], key=lambda step: step[1][0])
        with transaction.atomic():
            self.load_taxonomies(read_toml(self.content_dir / "taxonomy.toml"))
            for _name, (_order, function) in steps:
                function(self)
        return self.report

    def load_index_pages(self):
        """The directory and the areas' index under the home page, then the explainer pages beside them."""
        home = self.pages["home"]
        site_data = self.site_data()
        self.pages["directory"] = self.page(
            ServiceIndexPage, home, "services", site_data["directory"], {"intro": "intro"}
        )
        self.pages["areas"] = self.page(AreaIndexPage, home, "areas", site_data["areas"], {"intro": "intro"})
        for path in sorted((self.content_dir / "pages").glob("*.toml")):
            data = read_toml(path)
            self.page(ExplainerPage, home, data["slug"], data, {"summary": "summary", "body": body_stream})

    def load_programs(self):
        programs = self.pages["programs"] = {}
        for path in sorted((self.content_dir / "programs").glob("*.toml")):
            data = read_toml(path)
            tables = {
                code: {**data[code], "legal_basis": self.legal_basis(data, code)}
                for code in LANGUAGE_CODES
                if code in data
            }
            programs[data["plan_name"]] = self.page(
                ServicePage,
                self.pages["directory"],
                data["slug"],
                tables,
                {"summary": "summary", "body": body_stream, "legal_basis": "legal_basis"},
                plain={"plan_name": data["plan_name"], "citywide": data.get("citywide", True)},
                relations={attr: (model, data.get(attr, [])) for attr, model in PROGRAM_RELATIONS.items()},
            )
        self.load_areas(self.pages["areas"], read_toml(self.content_dir / "areas.toml"))

    def choose_general_window(self):
        """The plan's 福祉総合相談窓口 as the default site's general window, unless an editor chose another."""
        site = Site.objects.filter(is_default_site=True).first()
        window = self.pages["programs"].get(GENERAL_WINDOW_PLAN_NAME)
        if site is None or window is None:
            return
        setting = DirectorySettings.for_site(site)
        if self.merge_attr(setting, "setting:directory", "general_window_id", window.pk, fresh=False):
            setting.save()
            self.report.updated.append("setting:directory")

    def load_readings_file(self):
        if (self.content_dir / "readings.toml").exists():
            self.load_readings(read_toml(self.content_dir / "readings.toml"))

    def site_data(self):
        if "site" not in self._files:
            self._files["site"] = read_toml(self.content_dir / "site.toml")
        return self._files["site"]

    def load_readings(self, data):
        """Furigana readings for the plan's names, keyed by the word; an editor's correction is kept."""
        for row in data.get("reading", []):
            reading = Reading.objects.filter(word=row["word"]).first()
            fresh = reading is None
            if fresh:
                reading = Reading(word=row["word"])
            key = f"reading:{row['word']}"
            if self.merge_attr(reading, key, "reading", row["reading"], fresh) or fresh:
                reading.save()
                (self.report.created if fresh else self.report.updated).append(key)

    def load_areas(self, parent, data):
        for row in data["area"]:
            area = Area.objects.get(slug=row["slug"])
            tables = {}
            for code in LANGUAGE_CODES:
                common = data.get("common", {}).get(code)
                name = getattr(area, build_localized_fieldname("name", code))
                if common and name:
                    tables[code] = {
                        "title": AREA_TITLE.get(code, "{name}").format(name=name),
                        "centre_name": row.get(f"centre_{code}", ""),
                        "coordinator_intro": common.get("coordinator", ""),
                        "body": common.get("centre", ""),
                    }
            self.page(
                AreaPage,
                parent,
                row["slug"],
                tables,
                {"centre_name": "centre_name", "coordinator_intro": "coordinator_intro", "body": body_stream},
                plain={"area_id": area.pk},
            )


SERVICES_STEPS = [
    ("services.index_pages", (20, Loader.load_index_pages)),
    ("services.programs", (40, Loader.load_programs)),
    ("services.general_window", (45, Loader.choose_general_window)),
    ("services.readings", (70, Loader.load_readings_file)),
]
"""Between home's steps: the home page (10) before the index pages, the plan (30) before the programs, the home
page's links to two programs (50) and the synonyms (60) after them."""
