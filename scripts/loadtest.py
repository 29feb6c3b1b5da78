"""`make loadtest`: the search page and the search API under load, beside a trivial view as the ceiling.

Serves the portal as production does (scripts/serve.py: gunicorn, production settings, a database of its own
under .bench/) and runs wrk against each target for LOADTEST_DURATION seconds (default 60) at
LOADTEST_CONNECTIONS connections (default 64). Each request picks one of a list of realistic queries
(Japanese, Easy Japanese, English, Chinese, Korean, Vietnamese; text, facets, both; page 2). Every non-2xx
answer and every socket error is counted; any of them makes the run fail. Prints requests/s and latency
percentiles (p50, p90, p99), and the search page's share of the ceiling (target: at least 50%).
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import serve  # noqa: E402

DURATION = int(os.environ.get("LOADTEST_DURATION", "60"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "64"))
THREADS = int(os.environ.get("LOADTEST_THREADS", "2"))
TARGET_SHARE = 0.5

QUERIES = {
    "ja": [
        "認知症",
        "ひきこもり",
        "家賃が払えない",
        "子育て 相談",
        "ボランティア",
        "DV",
        "介護",
        "不登校",
        "ヤングケアラー",
        "地域包括支援センター",
        "生活に困っている",
        "にんちしょう",
        "外国人 相談",
        "居場所",
    ],
    "ja-easy": ["そうだん", "おかね", "こども", "かいご", "すまい"],
    "en": ["dementia", "money", "child care", "housing", "volunteer", "foreign resident", "consultation"],
    "zh-hans": ["痴呆", "育儿", "咨询", "住房"],
    "ko": ["치매", "상담", "육아"],
    "vi": ["chăm sóc", "tư vấn", "nhà ở"],
}
FACET_COMBOS = [
    {},
    {"age": "senior"},
    {"attribute": "dementia"},
    {"age": "youth", "attribute": "isolation"},
    {"attribute": ["poverty", "housing"]},
    {"area": "chuo"},
    {"area": "oshitate", "kind": "place"},
    {"age": "infant", "attribute": "child-rearing", "kind": "consultation"},
    {"kind": "community"},
    {"age": "senior", "area": "nishifu", "kind": "outreach"},
]

LUA = r"""
-- written by scripts/loadtest.py: picks a path at random per request and counts every non-2xx answer
local paths = %(paths)s
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  non2xx = 0
  math.randomseed(id * 7919)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'LOADTEST {"requests": %%d, "seconds": %%f, "non2xx": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"timeout": %%d, "p50": %%f, "p90": %%f, "p99": %%f, "max": %%f}\n',
    summary.requests, summary.duration / 1e6, bad, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""


def lua_table(paths):
    def quoted(path):
        return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "{" + ", ".join(quoted(p) for p in paths) + "}"


def search_paths(rng, api):
    """About 400 distinct requests: a query in a language, a facet combination, sometimes page 2."""
    paths = []
    for _ in range(400):
        lang = rng.choice(list(QUERIES))
        params = []
        if rng.random() < 0.8:
            params.append(("q", rng.choice(QUERIES[lang])))
        for facet, value in rng.choice(FACET_COMBOS).items():
            params += [(facet, v) for v in (value if isinstance(value, list) else [value])]
        if rng.random() < 0.1:
            params.append(("page", "2"))
        if api:
            params.append(("lang", lang))
            paths.append("/api/search/?" + urlencode(params))
        else:
            paths.append(f"/{lang}/search/?" + urlencode(params))
    return paths


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("Installing wrk …")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)


def run_wrk(base_url, paths, workdir, name):
    script = Path(workdir) / f"{name}.lua"
    script.write_text(LUA % {"paths": lua_table(paths)})
    # A short warm-up so that every worker has loaded its caches before the measured run.
    subprocess.run(
        ["wrk", "-t1", "-c4", "-d3s", "-s", str(script), base_url], check=True, capture_output=True, text=True
    )
    result = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "10s", "-s", str(script), base_url],
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("LOADTEST "))
    figures = json.loads(line.removeprefix("LOADTEST "))
    figures["rps"] = figures["requests"] / figures["seconds"]
    figures["errors"] = sum(figures[k] for k in ("non2xx", "connect", "read", "write", "timeout"))
    return figures


def main():
    ensure_wrk()
    rng = random.Random(2026)
    targets = {
        "ceiling (/healthz)": ["/healthz"],
        "search page": search_paths(rng, api=False),
        "search API": search_paths(rng, api=True),
    }
    results = {}
    with tempfile.TemporaryDirectory(prefix="fuchu-wrk-") as workdir, serve.production_server("loadtest") as base:
        print(f"wrk: {DURATION} s per target, {CONNECTIONS} connections, {THREADS} threads, {os.cpu_count()} cores")
        for name, paths in targets.items():
            print(f"… {name}", flush=True)
            results[name] = run_wrk(base, paths, workdir, name.split()[0])
    print()
    print(f"{'target':<20}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}{'non-2xx':>9}{'socket':>8}")
    for name, f in results.items():
        socket_errors = f["connect"] + f["read"] + f["write"] + f["timeout"]
        print(
            f"{name:<20}{f['rps']:>9.1f}{f['p50']:>9.1f}{f['p90']:>9.1f}{f['p99']:>9.1f}{f['max']:>9.1f}"
            f"{f['non2xx']:>9}{socket_errors:>8}"
        )
    ceiling = results["ceiling (/healthz)"]["rps"]
    page_share = results["search page"]["rps"] / ceiling
    api_share = results["search API"]["rps"] / ceiling
    print()
    print(f"Search page: {page_share:.0%} of the ceiling (target ≥ {TARGET_SHARE:.0%}); search API: {api_share:.0%}")
    failed = False
    errors = sum(f["errors"] for f in results.values())
    if errors:
        print(f"FAILED: {errors} errors (non-2xx answers or socket errors)")
        failed = True
    if page_share < TARGET_SHARE:
        print(f"BELOW TARGET: the search page serves {page_share:.0%} of the ceiling")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
