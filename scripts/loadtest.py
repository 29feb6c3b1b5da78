"""`make loadtest`: the search page and the search API under load on the long tail, beside /healthz as the ceiling.

The setup is fixed and printed: gunicorn with 5 workers and production settings on the shipped content (SQLite;
scripts/serve.py, which leaves gunicorn.conf.py's own settings such as preload_app as they are), wrk with 1
thread and 32 connections, LOADTEST_DURATION seconds per target (default 60). Every search request is a URL
not requested before in the run: LOADTEST_QUERIES (default 30,000) queries per target from scripts/querygen.py
(1–3 words of the shipped content in six languages, random facets, sometimes page 2), taken in order; the
warm-up uses queries of its own. /healthz is measured in the same run, as the ceiling.

Printed per target: requests/s, its share of /healthz's, latency p50/p90/p99, and the share of answers the
response cache served (counted in wrk from the X-Search-Cache header; the server runs with
SEARCH_CACHE_HEADER=1), beside the goals of issue 15 (search page ≥ 25% of /healthz, API ≥ 40%). Then each
worker's memory after the load (RSS, PSS, private, from /proc/<pid>/smaps_rollup; goal ≤ 120 MB private).
Every non-2xx answer and every socket error is counted; any of them makes the run fail. The goals are printed,
not enforced.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import querygen  # noqa: E402
import serve  # noqa: E402

DURATION = int(os.environ.get("LOADTEST_DURATION", "60"))
QUERIES = int(os.environ.get("LOADTEST_QUERIES", "30000"))
SEED = int(os.environ.get("LOADTEST_SEED", "2026"))
WORKERS = 5
CONNECTIONS = 32
THREADS = 1
WARM_UP_SECONDS = 10
"""At full connections, so every worker has answered searches (loaded its dictionaries) before the timed run."""
WARM_UP_QUERIES = 500
GOALS = {"search page": 0.25, "search API": 0.40}
"""Share of /healthz's requests/s (issue 15)."""
MEMORY_GOAL_MB = 120
"""Private memory per worker after the load (issue 15)."""

LUA = r"""
-- written by scripts/loadtest.py: each request the next path of the file, counts non-2xx answers and the
-- response cache's hits and misses (X-Search-Cache)
local paths = {}
for line in io.lines(%(file)s) do
  paths[#paths + 1] = line
end
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  hits = 0
  misses = 0
  wrapped = 0
  index = 0
end

function request()
  index = index + 1
  if index > #paths then
    index = 1
    wrapped = wrapped + 1
  end
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  local state = headers["X-Search-Cache"] or headers["x-search-cache"]
  if state == "hit" then
    hits = hits + 1
  elseif state == "miss" then
    misses = misses + 1
  end
end

function done(summary, latency, requests)
  local bad, hit, miss, wraps = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    hit = hit + thread:get("hits")
    miss = miss + thread:get("misses")
    wraps = wraps + thread:get("wrapped")
  end
  local e = summary.errors
  io.write(string.format(
    'LOADTEST {"requests": %%d, "seconds": %%f, "non2xx": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"timeout": %%d, "p50": %%f, "p90": %%f, "p99": %%f, "max": %%f, "hits": %%d, "misses": %%d, ' ..
    '"paths": %%d, "wrapped": %%d}\n',
    summary.requests, summary.duration / 1e6, bad, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
    hit, miss, #paths, wraps))
end
"""


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("Installing wrk …")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)


def generate_queries(database, count):
    """`count` distinct queries from the words of the served database's content (querygen, in a Django process)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(serve.ROOT),
    }
    output = subprocess.run(
        [serve.PYTHON, str(serve.ROOT / "scripts" / "querygen.py"), str(count), str(SEED)],
        cwd=serve.ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    rows = [json.loads(line) for line in output.stdout.splitlines() if line.startswith("{")]
    return [querygen.Query(row["language"], tuple(tuple(pair) for pair in row["params"])) for row in rows]


def wrk_script(workdir, name, paths):
    path_file = Path(workdir) / f"{name}.paths"
    path_file.write_text("\n".join(paths) + "\n")
    script = Path(workdir) / f"{name}.lua"
    script.write_text(LUA % {"file": lua_string(str(path_file))})
    return script


def run_wrk(base_url, script, seconds, connections=CONNECTIONS):
    result = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base_url],
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("LOADTEST "))
    figures = json.loads(line.removeprefix("LOADTEST "))
    figures["rps"] = figures["requests"] / figures["seconds"]
    figures["errors"] = sum(figures[k] for k in ("non2xx", "connect", "read", "write", "timeout"))
    return figures


def memory(pid):
    """{"rss", "pss", "private"} in MB, from /proc/<pid>/smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            values[parts[0].rstrip(":")] = int(parts[1]) / 1024
    return {
        "rss": values.get("Rss", 0),
        "pss": values.get("Pss", 0),
        "private": values.get("Private_Clean", 0) + values.get("Private_Dirty", 0),
    }


def hit_share(figures):
    marked = figures["hits"] + figures["misses"]
    return f"{figures['hits'] / marked:.1%}" if marked else "–"


def main():
    ensure_wrk()
    print(f"Load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    database = serve.prepare_database("loadtest")
    per_target = QUERIES + WARM_UP_QUERIES
    queries = generate_queries(database, 2 * per_target)
    page_queries, api_queries = queries[:per_target], queries[per_target:]
    targets = {
        "/healthz (ceiling)": (["/healthz"], ["/healthz"]),
        "search page": (
            [q.page_path() for q in page_queries[:WARM_UP_QUERIES]],
            [q.page_path() for q in page_queries[WARM_UP_QUERIES:]],
        ),
        "search API": (
            [q.api_path() for q in api_queries[:WARM_UP_QUERIES]],
            [q.api_path() for q in api_queries[WARM_UP_QUERIES:]],
        ),
    }
    distinct = len({path for _warm, paths in targets.values() for path in paths})
    results = {}
    with (
        tempfile.TemporaryDirectory(prefix="fuchu-wrk-") as workdir,
        serve.gunicorn("loadtest", workers=WORKERS, env={"SEARCH_CACHE_HEADER": "1"}) as server,
    ):
        print(
            f"wrk: {THREADS} thread, {CONNECTIONS} connections, {DURATION} s per target (after a {WARM_UP_SECONDS} s "
            f"warm-up on queries of its own); {QUERIES:,} queries per target, {distinct - 1:,} distinct search "
            f"URLs in all, each requested once unless a target serves more than {QUERIES:,} requests"
        )
        for name, (warm_paths, paths) in targets.items():
            print(f"… {name}", flush=True)
            slug = name.split()[0].strip("/") or "target"
            run_wrk(server.base_url, wrk_script(workdir, f"{slug}-warm", warm_paths), WARM_UP_SECONDS)
            results[name] = run_wrk(server.base_url, wrk_script(workdir, slug, paths), DURATION)
        workers = {pid: memory(pid) for pid in server.worker_pids()}
    print()
    ceiling = results["/healthz (ceiling)"]["rps"]
    print(
        f"{'target':<20}{'req/s':>9}{'share':>8}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        f"{'cache hits':>12}{'non-2xx':>9}{'socket':>8}  goal"
    )
    for name, f in results.items():
        socket_errors = f["connect"] + f["read"] + f["write"] + f["timeout"]
        share = f["rps"] / ceiling
        goal = ""
        if name in GOALS:
            goal = f"≥ {GOALS[name]:.0%} of /healthz: {'met' if share >= GOALS[name] else 'not met'}"
        print(
            f"{name:<20}{f['rps']:>9.1f}{share:>8.1%}{f['p50']:>9.1f}{f['p90']:>9.1f}{f['p99']:>9.1f}{f['max']:>9.1f}"
            f"{hit_share(f):>12}{f['non2xx']:>9}{socket_errors:>8}  {goal}"
        )
        if socket_errors:
            kinds = ", ".join(f"{kind} {f[kind]}" for kind in ("connect", "read", "write", "timeout") if f[kind])
            print(f"  {name}: socket errors: {kinds} (timeout: no answer within 10 s)")
        if f["wrapped"] and name in GOALS:
            print(f"  {name}: {f['requests']:,} requests over {f['paths']:,} URLs, so some were asked again")
    print()
    print(f"Memory per worker after the load (MB; goal ≤ {MEMORY_GOAL_MB} private):")
    for pid, figures in workers.items():
        verdict = "met" if figures["private"] <= MEMORY_GOAL_MB else "not met"
        print(
            f"  worker {pid}: RSS {figures['rss']:.0f}, PSS {figures['pss']:.0f}, "
            f"private {figures['private']:.0f} ({verdict})"
        )
    errors = sum(f["errors"] for f in results.values())
    if errors:
        print(f"FAILED: {errors} errors (non-2xx answers or socket errors)")
        sys.exit(1)


if __name__ == "__main__":
    main()
