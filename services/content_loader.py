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
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, Site

from home.models import HomePage
from portal import languages
from services.models import (
    AgeGroup,
    Area,
    AreaIndexPage,
    AreaPage,
    Attribute,
    Department,
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
HOME_FIELDS = ("intro", "first_window_heading", "first_window_text", "coordinator_text")
EMPTY = (None, "", [])


def read_toml(path):
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def digest(value):
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def paragraphs_to_html(text):
    paragraphs = [p.strip() for p in (text or "").strip().split("\n\n") if p.strip()]
    # Quotes stay as they are: Wagtail's editor writes them back unescaped, and an unchanged save must compare equal.
    return "".join("<p>" + escape(p, quote=False).replace("\n", "<br>") + "</p>" for p in paragraphs)


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
        if current == new:
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
        if fresh:
            page.title = tables[settings.LANGUAGE_CODE]["title"].strip()
            if parent is None:
                Page.get_first_root_node().add_child(instance=page)
            else:
                parent.add_child(instance=page)
            page.save_revision().publish()
            self.report.created.append(key)
        elif changed:
            page.save_revision().publish()
            self.report.updated.append(key)
        return page

    def remove_default_welcome_page(self):
        """A fresh Wagtail install has a plain welcome page as the site root; the home page replaces it."""
        for default in Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page"):
            Site.objects.filter(root_page=default).delete()
            default.delete()

    def ensure_site(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="府中市")
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()

    def legal_basis(self, data, code):
        law = data.get("legal_basis", "")
        if not law:
            return ""
        return self.laws.get(law, {}).get(code, law if languages.is_japanese(code) else "")

    def load(self):
        with transaction.atomic():
            self.load_taxonomies(read_toml(self.content_dir / "taxonomy.toml"))
            site_data = read_toml(self.content_dir / "site.toml")
            if not HomePage.objects.exists():
                self.remove_default_welcome_page()
            home = self.page(HomePage, None, "home", site_data["home"], {f: f for f in HOME_FIELDS})
            self.ensure_site(home)

            directory = self.page(ServiceIndexPage, home, "services", site_data["directory"], {"intro": "intro"})
            areas_index = self.page(AreaIndexPage, home, "areas", site_data["areas"], {"intro": "intro"})
            for path in sorted((self.content_dir / "pages").glob("*.toml")):
                data = read_toml(path)
                self.page(ExplainerPage, home, data["slug"], data, {"summary": "summary", "body": body_stream})
            if (self.content_dir / "plan.toml").exists():
                from home.content import load_plan  # home.content builds on this module

                load_plan(self, home, read_toml(self.content_dir / "plan.toml"))

            programs = {}
            for path in sorted((self.content_dir / "programs").glob("*.toml")):
                data = read_toml(path)
                tables = {
                    code: {**data[code], "legal_basis": self.legal_basis(data, code)}
                    for code in LANGUAGE_CODES
                    if code in data
                }
                programs[data["plan_name"]] = self.page(
                    ServicePage,
                    directory,
                    data["slug"],
                    tables,
                    {"summary": "summary", "body": body_stream, "legal_basis": "legal_basis"},
                    plain={"plan_name": data["plan_name"], "citywide": data.get("citywide", True)},
                    relations={attr: (model, data.get(attr, [])) for attr, model in PROGRAM_RELATIONS.items()},
                )

            self.load_areas(areas_index, read_toml(self.content_dir / "areas.toml"))
            self.link_home(home, programs)
            if (self.content_dir / "synonyms.toml").exists():
                self.load_synonyms(read_toml(self.content_dir / "synonyms.toml"))
            if (self.content_dir / "readings.toml").exists():
                self.load_readings(read_toml(self.content_dir / "readings.toml"))
        return self.report

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

    def load_synonyms(self, data):
        """Shipped synonyms, keyed by their first word; an editor's change to one is kept like any other."""
        from search.models import Synonym

        for row in data.get("synonym", []):
            words, means = "\n".join(row["words"]), "\n".join(row["means"])
            key = f"synonym:{row['words'][0]}"
            synonym = Synonym.objects.filter(shipped_as=row["words"][0]).first()
            fresh = synonym is None
            if fresh:
                synonym = Synonym(words=words, means=means, shipped_as=row["words"][0])
                synonym.save()
                self.report.created.append(key)
            changed = self.merge_attr(synonym, key, "words", words, fresh)
            changed |= self.merge_attr(synonym, key, "means", means, fresh)
            if changed and not fresh:
                synonym.save()
                self.report.updated.append(key)

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

    def link_home(self, home, programs):
        """The home page points at the two doors the plan most wants residents to know."""
        home = HomePage.objects.get(pk=home.pk)
        if home.has_unpublished_changes:
            return
        changed = False
        for attr, plan_name in (
            ("first_window_id", "福祉総合相談窓口"),
            ("coordinator_page_id", "地域福祉コーディネーター事業"),
        ):
            if plan_name in programs:
                changed |= self.merge_attr(home, "page:home", attr, programs[plan_name].pk, fresh=False)
        if changed:
            home.save_revision().publish()
            self.report.updated.append("page:home")
