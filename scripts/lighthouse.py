"""`make lighthouse`: Lighthouse's mobile audit of the home, search, a service and an area page.

The site is served as in production (scripts/serve.py: gunicorn, production settings, whitenoise, a database of
its own under .bench/). Lighthouse comes from npm (scripts/lighthouse/package-lock.json) and drives Debian's
Chromium (CHROME_PATH, default /usr/bin/chromium) with the default (mobile) settings. Prints, per page, the
performance, accessibility, best-practices and SEO scores, the bytes transferred, and whether any request went
to another host; under each score below 100, the audits that failed. Fails when a request leaves the site or
the home page weighs more than HOME_BYTES_TARGET.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import serve  # noqa: E402

HERE = Path(__file__).resolve().parent / "lighthouse"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
HOME_BYTES_TARGET = 100 * 1024
SCORE_TARGET = 90

PAGES = {
    "home": "/ja/",
    "search": "/ja/search/?q=" + quote("認知症"),
    "service": "/ja/services/welfare-consultation-window/",
    "area": "/ja/areas/chuo/",
}


def ensure_tools():
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    if not Path(CHROME_PATH).exists():
        print("Installing Debian's Chromium …")
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, stdout=subprocess.DEVNULL)


def audit(url, workdir):
    output = Path(workdir) / "report.json"
    profile = tempfile.mkdtemp(prefix="lh-profile-", dir=workdir)
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROME_PATH},
    )
    report = json.loads(output.read_text())
    shutil.rmtree(profile, ignore_errors=True)
    return report


def details(result, limit=3):
    """What an audit found, briefly: the elements, addresses or messages it names."""
    found = []
    for item in result.get("details", {}).get("items", [])[:limit]:
        node = item.get("node") or {}
        text = node.get("snippet") or item.get("description") or item.get("url") or item.get("source") or ""
        if isinstance(text, dict):
            text = text.get("url", "")
        if text:
            found.append(" ".join(str(text).split())[:120])
    return found


def summarize(report, base_url):
    site = urlsplit(base_url).netloc
    requests = report["audits"]["network-requests"].get("details", {}).get("items", [])
    foreign = sorted(
        {
            urlsplit(r["url"]).netloc
            for r in requests
            if r["url"].startswith("http") and urlsplit(r["url"]).netloc != site
        }
    )
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    failing = {}
    for category in CATEGORIES:
        if scores[category] == 100:
            continue
        for ref in report["categories"][category]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if result.get("score") is not None and result["score"] < 1 and result["scoreDisplayMode"] != "informative":
                value = result.get("displayValue", "")
                if category != "performance":
                    value = " | ".join(filter(None, [value, *details(result)]))
                failing.setdefault(category, []).append(
                    f"{ref['id']} ({result['score']:.2f}{', ' + value if value else ''})"
                )
    return {
        "scores": scores,
        "bytes": report["audits"]["total-byte-weight"]["numericValue"],
        "requests": len(requests),
        "foreign": foreign,
        "failing": failing,
    }


def main():
    ensure_tools()
    results = {}
    with tempfile.TemporaryDirectory(prefix="fuchu-lh-") as workdir, serve.production_server("lighthouse") as base:
        for name, path in PAGES.items():
            print(f"… {name}: {path}", flush=True)
            report = audit(base + path, workdir)
            (serve.BENCH_DIR / f"lighthouse-{name}.json").write_text(json.dumps(report))
            results[name] = summarize(report, base)
    print()
    print("Lighthouse, mobile (default settings), served by gunicorn with production settings")
    print(f"{'page':<9}{'perf':>6}{'a11y':>6}{'best':>6}{'SEO':>6}{'KB':>8}{'requests':>10}  other hosts")
    for name, r in results.items():
        s = r["scores"]
        print(
            f"{name:<9}{s['performance']:>6}{s['accessibility']:>6}{s['best-practices']:>6}{s['seo']:>6}"
            f"{r['bytes'] / 1024:>8.1f}{r['requests']:>10}  {', '.join(r['foreign']) or 'none'}"
        )
    for name, r in results.items():
        for category, audits in r["failing"].items():
            print(f"  {name}, {category}: {'; '.join(audits)}")
    problems = []
    home_bytes = results["home"]["bytes"]
    print(f"Home page: {home_bytes / 1024:.1f} KB transferred (target ≤ {HOME_BYTES_TARGET // 1024} KB)")
    if home_bytes > HOME_BYTES_TARGET:
        problems.append(f"the home page transfers {home_bytes / 1024:.1f} KB")
    for name, r in results.items():
        if r["foreign"]:
            problems.append(f"{name} requests other hosts: {', '.join(r['foreign'])}")
        low = [c for c, score in r["scores"].items() if score < SCORE_TARGET]
        if low:
            print(f"BELOW {SCORE_TARGET}: {name}: {', '.join(low)}")
    if problems:
        print("FAILED: " + "; ".join(problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
