"""`make bench`: the search API's latency at 1,000, 10,000 and 100,000 entries, beside Wagtail's stock search.

Each size and database gets a database of its own under .bench/ (SQLite) or `fuchu_portal_bench_<size>`
(PostgreSQL): the development database is never touched. A run per size and database happens in a child
process, which loads the city's content, adds synthetic entries made from the real programs' text with
random facets, and times the API through Django's test client for three kinds of query:
text only, facets only, and text with three facets (with the facet counts the API always returns).
The stock baseline is Wagtail's `.search()` over real pages, with the same facet counts computed the
plain way (one filtered search per facet value); it is run at the sizes where creating that many pages
is practical (BASELINE_SIZES).
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"
SIZES = (1_000, 10_000, 100_000)
BASELINE_SIZES = {"sqlite": (1_000, 10_000), "postgresql": (1_000,)}
"""Sizes with the stock baseline. It needs real Wagtail pages, created one by one: 10,000 take about a
quarter of an hour on this machine and 100,000 would take hours, so the baseline stops at these sizes."""

TEXT_QUERIES = [
    "認知症",
    "ひきこもり",
    "にんちしょう",
    "家賃が払えない",
    "子育て 相談",
    "dementia",
    "ボランティア",
    "ＤＶ",
]
FACET_CHOICES = {
    "age": ["senior", "youth", "infant", "adult"],
    "attribute": ["dementia", "isolation", "poverty", "housing", "child-rearing"],
    "area": ["chuo", "oshitate", "nishifu", "yotsuya"],
    "kind": ["consultation", "community", "participation"],
}
RUNS = {"api": 60, "baseline": 12}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


# -- the child: one database, one size ---------------------------------------------------------------
def child(vendor, size):
    url = prepare_database(vendor, size)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0, stdout=open(os.devnull, "w"))
    call_command("load_city_content", stdout=open(os.devnull, "w"))

    rng = random.Random(size)
    started = time.perf_counter()
    build_synthetic_index(size, rng)
    index_seconds = time.perf_counter() - started

    scenarios = make_scenarios(rng)
    report = {"vendor": vendor, "size": size, "index_seconds": round(index_seconds, 1), "api": {}, "baseline": {}}
    for name, params in scenarios.items():
        report["api"][name] = time_api(params, RUNS["api"])
    report["cold"] = time_cold()
    if size in BASELINE_SIZES[vendor] and not os.environ.get("BENCH_NO_BASELINE"):
        started = time.perf_counter()
        build_stock_pages(size, rng)
        report["baseline_setup_seconds"] = round(time.perf_counter() - started, 1)
        for name, params in scenarios.items():
            report["baseline"][name] = time_baseline(params, RUNS["baseline"] if size <= 1_000 else 4)
    print(json.dumps(report))


def prepare_database(vendor, size):
    if vendor == "sqlite":
        BENCH_DIR.mkdir(exist_ok=True)
        path = BENCH_DIR / f"bench-{size}.sqlite3"
        if path.exists():
            path.unlink()
        return f"sqlite:///{path}"
    import psycopg

    name = f"fuchu_portal_bench_{size}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def build_synthetic_index(size, rng):
    """`size` entries: the real programs' analysed text, each with some extra words and random facets."""
    from django.db import transaction

    from search.backends.database import DatabaseBackend, FullText
    from search.documents import build_document, live_entries
    from search.models import SEARCH_LANGUAGES, IndexState, SearchEntry

    backend = DatabaseBackend()
    bases = [backend._entry(d) for d in (build_document(p) for p in live_entries()) if d]
    vocabulary = sorted({t for e in bases for t in e.text_ja.split()})
    with transaction.atomic():
        FullText().clear()
        SearchEntry.objects.all().delete()
        batch = []
        for i in range(size):
            base = bases[i % len(bases)]
            entry = SearchEntry(
                page_id=10_000_000 + i,
                path=f"9999{i:08d}",
                entry_type="service",
                plan_name=base.plan_name,
                citywide=rng.random() < 0.6,
                display=base.display,
            )
            entry.ages = " ".join(
                rng.sample(["pregnancy", "infant", "child", "youth", "adult", "senior"], rng.randint(1, 3))
            )
            entry.attributes = " ".join(rng.sample(FACET_CHOICES["attribute"] + ["work", "disability", "women"], 2))
            entry.areas = "" if entry.citywide else rng.choice(FACET_CHOICES["area"] + ["koremasa", "katamachi"])
            entry.kinds = rng.choice(FACET_CHOICES["kind"] + ["place"])
            for lang in SEARCH_LANGUAGES:
                setattr(entry, f"title_{lang}", getattr(base, f"title_{lang}"))
                text = getattr(base, f"text_{lang}")
                if lang == "ja":
                    text += " " + " ".join(rng.sample(vocabulary, 12))
                setattr(entry, f"text_{lang}", text)
            batch.append(entry)
            if len(batch) == 2000:
                backend._bulk(batch)
                batch = []
        if batch:
            backend._bulk(batch)
        IndexState.bump()


def make_scenarios(rng):
    def facets(count):
        chosen = rng.sample(list(FACET_CHOICES), count)
        return {facet: rng.choice(FACET_CHOICES[facet]) for facet in chosen}

    return {
        "text": [{"q": rng.choice(TEXT_QUERIES)} for _ in range(40)],
        "facets": [facets(3) for _ in range(40)],
        "text+3 facets": [{"q": rng.choice(TEXT_QUERIES), **facets(3)} for _ in range(40)],
    }


def time_api(params_list, runs):
    from django.test import Client

    client = Client()
    for params in params_list[:5]:
        client.get("/api/search/", params, HTTP_HOST="localhost")  # warm the caches
    times = []
    for i in range(runs):
        params = params_list[i % len(params_list)]
        started = time.perf_counter()
        response = client.get("/api/search/", params, HTTP_HOST="localhost")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content
    return {"p50": round(percentile(times, 0.5), 1), "p95": round(percentile(times, 0.95), 1)}


def time_cold():
    """Text queries with every per-process cache emptied first: the cost of a word not searched before."""
    from django.test import Client

    from search.backends import database

    client = Client()
    times = []
    for text in TEXT_QUERIES * 3:
        database._cache.__dict__.clear()
        started = time.perf_counter()
        client.get("/api/search/", {"q": text}, HTTP_HOST="localhost")
        times.append((time.perf_counter() - started) * 1000)
    return {"p50": round(percentile(times, 0.5), 1), "p95": round(percentile(times, 0.95), 1)}


def build_stock_pages(size, rng):
    """Real ServicePages for Wagtail's stock search, indexed by its database backend."""
    from django.db import transaction
    from wagtail.search.backends import get_search_backend

    from services.models import AgeGroup, Area, Attribute, Kind, ServiceIndexPage, ServicePage

    directory = ServiceIndexPage.objects.get()
    bases = list(ServicePage.objects.live().order_by("path"))
    taxonomies = {
        "ages": list(AgeGroup.objects.all()),
        "attributes": list(Attribute.objects.all()),
        "areas": list(Area.objects.all()),
        "kinds": list(Kind.objects.all()),
    }
    created = []
    with transaction.atomic():
        for i in range(size - len(bases)):
            base = bases[i % len(bases)]
            page = ServicePage(
                title=f"{base.title} {i}",
                slug=f"bench-{i}",
                plan_name="",
                summary=base.summary,
                body=base.body_ja.raw_data,
                citywide=rng.random() < 0.6,
            )
            directory.add_child(instance=page)
            page.ages.set(rng.sample(taxonomies["ages"], 2))
            page.attributes.set(rng.sample(taxonomies["attributes"], 2))
            page.kinds.set([rng.choice(taxonomies["kinds"])])
            if not page.citywide:
                page.areas.set([rng.choice(taxonomies["areas"])])
            page.save()
            created.append(page)
    get_search_backend().add_bulk(ServicePage, created)


def time_baseline(params_list, runs):
    """Wagtail's stock `.search()`, with the disjunctive facet counts computed one filtered search per value."""
    from services.models import AgeGroup, Area, Attribute, Kind, ServicePage

    relation = {
        "age": ("ages", AgeGroup),
        "attribute": ("attributes", Attribute),
        "area": ("areas", Area),
        "kind": ("kinds", Kind),
    }
    values = {facet: list(model.objects.values_list("slug", flat=True)) for facet, (_r, model) in relation.items()}

    def filtered(selection):
        queryset = ServicePage.objects.live()
        for facet, slug in selection.items():
            field = relation[facet][0]
            if facet == "area":
                queryset = queryset.filter(citywide=True) | queryset.filter(areas__slug=slug)
            else:
                queryset = queryset.filter(**{f"{field}__slug": slug})
        return ServicePage.objects.live().filter(id__in=queryset.values("id"))

    def run(params):
        text = params.get("q", "")
        selection = {f: params[f] for f in relation if f in params}
        results = filtered(selection)
        results = results.search(text) if text else results
        list(results[:20])
        for facet in relation:
            others = {f: s for f, s in selection.items() if f != facet}
            for slug in values[facet]:
                queryset = filtered({**others, facet: slug})
                (queryset.search(text) if text else queryset).count()

    times = []
    for i in range(runs):
        started = time.perf_counter()
        run(params_list[i % len(params_list)])
        times.append((time.perf_counter() - started) * 1000)
    return {"p50": round(percentile(times, 0.5), 1), "p95": round(percentile(times, 0.95), 1)}


def furigana_child(measure=False):
    """Each Japanese page rendered with and without furigana: the extra cost once readings are cached.

    One process prepares the database; a fresh one measures, as a server worker would start, so that the
    garbage of loading the content does not weigh on the timings.
    """
    path = BENCH_DIR / "bench-furigana.sqlite3"
    if not measure:
        prepare_database("sqlite", "furigana")
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    if not measure:
        call_command("migrate", interactive=False, verbosity=0, stdout=open(os.devnull, "w"))
        call_command("load_city_content", stdout=open(os.devnull, "w"))
        return
    from wagtail.models import Page

    from portal.middleware import LanguageMarkupMiddleware

    urls = [p.url for p in Page.objects.live().specific() if p.depth > 1]
    client = Client()
    pages = {}
    for url in urls:
        client.get(url, {"furigana": "on"}, HTTP_HOST="localhost")
        pages[url] = client.get(url, {"furigana": "off"}, HTTP_HOST="localhost").content.decode()
    # 1. The work furigana adds to a request: the middleware's readings pass over the rendered page
    #    (cached by then). Per page, the median of 25 passes.
    work = []
    for html in pages.values():
        times = []
        for _run in range(25):
            started = time.perf_counter()
            LanguageMarkupMiddleware.add_readings(html)
            times.append((time.perf_counter() - started) * 1000)
        work.append(statistics.median(times))
    # 2. Whole requests, with and without readings, interleaved so that a busy moment weighs on both;
    #    per page, the median of 15 differences, in wall time and in the CPU time of the request's thread
    #    (which other processes on a busy machine do not inflate).
    extra, extra_cpu = [], []
    for url in urls:
        differences, cpu_differences = [], []
        for _run in range(15):
            timed, cpu = {}, {}
            for choice in ("off", "on"):
                started, started_cpu = time.perf_counter(), time.thread_time()
                client.get(url, {"furigana": choice}, HTTP_HOST="localhost")
                timed[choice] = (time.perf_counter() - started) * 1000
                cpu[choice] = (time.thread_time() - started_cpu) * 1000
            differences.append(timed["on"] - timed["off"])
            cpu_differences.append(cpu["on"] - cpu["off"])
        extra.append(statistics.median(differences))
        extra_cpu.append(statistics.median(cpu_differences))
    print(
        json.dumps(
            {
                "pages": len(urls),
                "work_p50": round(percentile(work, 0.5), 2),
                "work_p95": round(percentile(work, 0.95), 2),
                "p50": round(percentile(extra, 0.5), 2),
                "p95": round(percentile(extra, 0.95), 2),
                "cpu_p50": round(percentile(extra_cpu, 0.5), 2),
                "cpu_p95": round(percentile(extra_cpu, 0.95), 2),
            }
        )
    )


# -- the parent: every size on every database, then the table -----------------------------------------
def postgres_reachable():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "pg_reachable.py"), "postgres://postgres@127.0.0.1:5432/postgres"]
    )
    return result.returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--vendors", nargs="*", default=["sqlite", "postgresql"])
    parser.add_argument("--child", nargs=2, metavar=("VENDOR", "SIZE"))
    parser.add_argument("--furigana-child", choices=["prepare", "measure"])
    parser.add_argument("--only-furigana", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    if args.furigana_child:
        furigana_child(measure=args.furigana_child == "measure")
        return
    for step in ("prepare", "measure"):
        output = subprocess.run(
            [sys.executable, __file__, "--furigana-child", step], capture_output=True, text=True, cwd=ROOT
        )
        if output.returncode != 0:
            print(output.stderr[-3000:])
            sys.exit(output.returncode)
    furigana = json.loads(output.stdout.strip().splitlines()[-1])
    print(
        f"Furigana, over {furigana['pages']} Japanese pages with readings cached (ms):\n"
        f"  readings pass added to a request: p50 {furigana['work_p50']}, p95 {furigana['work_p95']}"
        " (per page, median of 25)\n"
        f"  whole request, on minus off:      p50 {furigana['p50']}, p95 {furigana['p95']}"
        " (wall time; per page, median of 15 interleaved pairs; includes the machine's noise)\n"
        f"  whole request, on minus off:      p50 {furigana['cpu_p50']}, p95 {furigana['cpu_p95']}"
        " (CPU time of the request's thread; same pairs)"
    )
    if args.only_furigana:
        return
    vendors = [v for v in args.vendors if v != "postgresql" or postgres_reachable()]
    if "postgresql" in args.vendors and "postgresql" not in vendors:
        print("PostgreSQL is not reachable at 127.0.0.1:5432: SQLite only.")
    reports = []
    for vendor in vendors:
        for size in args.sizes:
            print(f"… {vendor}, {size:,} entries", flush=True)
            output = subprocess.run(
                [sys.executable, __file__, "--child", vendor, str(size)], capture_output=True, text=True, cwd=ROOT
            )
            if output.returncode != 0:
                print(output.stderr[-3000:])
                sys.exit(output.returncode)
            reports.append(json.loads(output.stdout.strip().splitlines()[-1]))
    print()
    print("Search API latency in ms (p50 / p95), text = free text, facets = three facets; facet counts included")
    print(
        f"{'database':<11}{'entries':>9}  {'query':<15}{'API p50':>9}{'API p95':>9}"
        f"{'stock p50':>11}{'stock p95':>11}{'p95 ratio':>11}"
    )
    for report in reports:
        for name, api in report["api"].items():
            stock = report["baseline"].get(name)
            line = f"{report['vendor']:<11}{report['size']:>9,}  {name:<15}{api['p50']:>9}{api['p95']:>9}"
            if stock:
                line += f"{stock['p50']:>11}{stock['p95']:>11}{stock['p95'] / max(api['p95'], 0.1):>10.0f}×"
            else:
                line += f"{'–':>11}{'–':>11}{'–':>11}"
            print(line)
        setup = (
            f", stock pages built in {report['baseline_setup_seconds']} s" if "baseline_setup_seconds" in report else ""
        )
        cold = report["cold"]
        note = "(each process's caches emptied first)"
        print(f"{'':<11}{'':>9}  {'text, cold':<15}{cold['p50']:>9}{cold['p95']:>9}   {note}")
        print(f"{'':<11}{'':>9}  index built in {report['index_seconds']} s{setup}")


if __name__ == "__main__":
    main()
