"""Home's steps of the content loader (services.content_loader): the home page at the root of the site, the
plan page (services/content/plan.toml) with its pillars and indicators, and the home page's links to programs.

Rows follow the loader's three-way rule field by field: a figure an editor has changed is kept, a row an
editor has deleted is not brought back, and rows an editor added are left alone.
"""

from decimal import Decimal

from wagtail.models import Page, Site

from portal import languages
from services.content_loader import body_stream, loading_step, read_toml
from services.models import Kind, LoadedValue

from .models import HomePage, PlanIndicator, PlanPage, PlanPillar

LANGUAGE_CODES = list(languages.CODES)
HOME_FIELDS = ("intro", "first_window_heading", "first_window_text", "coordinator_text")
PAGE_FIELDS = {
    "summary": "summary",
    "body": body_stream,
    "team_heading": "team_heading",
    "team_intro": "team_intro",
    "team_centre": "team_centre",
    "team_members": lambda table: "\n".join(table.get("team_members", [])),
    "indicators_intro": "indicators_intro",
}
FIGURES = ("baseline", "current", "target")
CENT = Decimal("0.01")


def figure(value):
    """A figure from the content file as the database stores it (two decimal places), so that digests of
    what was loaded and what is stored compare equal."""
    return None if value in (None, "") else Decimal(str(value)).quantize(CENT)


def pillar_tables(row):
    return {code: row[code] for code in LANGUAGE_CODES if code in row}


def indicator_tables(row, data):
    """An indicator's language tables, with its category, target in words and source note looked up in the
    file's shared tables so that each is written once. An empty text is None, as the admin saves it."""
    tables = {}
    category = data.get("category", {}).get(row.get("category", ""), {})
    trend = data.get("trend", {}).get(row.get("target_trend", ""), {})
    source = data.get("source", {}).get(row.get("source", ""), {})
    for code in LANGUAGE_CODES:
        if code not in row:
            continue
        tables[code] = {
            "name": row[code]["name"],
            "category": category.get(code) or None,
            "target_text": trend.get(code) or None,
            "source_note": source.get(code) or None,
        }
    return tables


def merge_rows(loader, page, relation, model, rows, build):
    """Bring `page`'s rows of `relation` in step with `rows`; returns True when anything changed.

    `build(row, obj, key, fresh)` merges one row's fields and returns whether they changed.
    """
    result = list(getattr(page, relation).all())
    existing = {obj.shipped_as: obj for obj in result if obj.shipped_as}
    changed = False
    for row in rows:
        key = f"page:{page.slug}:{relation}:{row['key']}"
        obj = existing.get(row["key"])
        fresh = obj is None
        if fresh:
            if LoadedValue.objects.filter(key__startswith=key + ":").exists():
                loader.report.kept.append(f"{key} (deleted by an editor)")
                continue
            obj = model(shipped_as=row["key"])
        row_changed = build(row, obj, key, fresh)
        if fresh:
            result.append(obj)
        changed |= fresh or row_changed
    if changed:
        for order, obj in enumerate(result):
            obj.sort_order = order
        setattr(page, relation, result)
    return changed


def load_plan(loader, home, data):
    """Create or update the plan page under `home`, then its pillars and indicators."""
    tables = {code: data[code] for code in LANGUAGE_CODES if code in data}
    page = loader.page(PlanPage, home, data["slug"], tables, PAGE_FIELDS)
    page = PlanPage.objects.get(pk=page.pk)
    if page.has_unpublished_changes:
        return page
    kinds = {kind.slug: kind.pk for kind in Kind.objects.all()}

    def build_pillar(row, obj, key, fresh):
        changed = loader.merge_translated(
            obj, key, pillar_tables(row), {"name": "name", "description": "description", "who": "who"}, fresh
        )
        changed |= loader.merge_attr(obj, key, "plan_term", row.get("plan_term", ""), fresh)
        changed |= loader.merge_attr(obj, key, "kind_id", kinds.get(row.get("kind")), fresh)
        return changed

    def build_indicator(row, obj, key, fresh):
        changed = loader.merge_translated(
            obj,
            key,
            indicator_tables(row, data),
            {"name": "name", "category": "category", "target_text": "target_text", "source_note": "source_note"},
            fresh,
        )
        plain = {
            "kind": row["kind"],
            "unit": row["unit"],
            "decimals": row.get("decimals", 0),
            "direction": row.get("direction", ""),
        }
        for name in FIGURES:
            plain[f"{name}_value"] = figure(row.get(f"{name}_value"))
            plain[f"{name}_year"] = row.get(f"{name}_year")
        for attr, value in plain.items():
            changed |= loader.merge_attr(obj, key, attr, value, fresh)
        return changed

    changed = merge_rows(loader, page, "pillars", PlanPillar, data.get("pillar", []), build_pillar)
    changed |= merge_rows(loader, page, "indicators", PlanIndicator, data.get("indicator", []), build_indicator)
    if changed:
        page.save_revision().publish()
        loader.report.updated.append(f"page:{page.slug} (pillars and indicators)")
    return page


@loading_step(10)
def load_home(loader):
    """The home page, root of the site's page tree (the site points at it)."""
    if not HomePage.objects.exists():
        remove_default_welcome_page()
    home = loader.page(HomePage, None, "home", loader.site_data()["home"], {f: f for f in HOME_FIELDS})
    ensure_site(home)
    loader.pages["home"] = home


def remove_default_welcome_page():
    """A fresh Wagtail install has a plain welcome page as the site root; the home page replaces it."""
    for default in Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page"):
        Site.objects.filter(root_page=default).delete()
        default.delete()


def ensure_site(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="府中市")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()


@loading_step(30)
def load_plan_file(loader):
    if (loader.content_dir / "plan.toml").exists():
        load_plan(loader, loader.pages["home"], read_toml(loader.content_dir / "plan.toml"))


@loading_step(50)
def link_home(loader):
    """The home page points at the community welfare coordinators (the general window is a site setting that
    services' loader chooses)."""
    programs = loader.pages["programs"]
    home = HomePage.objects.get(pk=loader.pages["home"].pk)
    if home.has_unpublished_changes:
        return
    changed = False
    for attr, plan_name in (("coordinator_page_id", "地域福祉コーディネーター事業"),):
        if plan_name in programs:
            changed |= loader.merge_attr(home, "page:home", attr, programs[plan_name].pk, fresh=False)
    if changed:
        home.save_revision().publish()
        loader.report.updated.append("page:home")
