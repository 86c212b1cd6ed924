"""The HTML publication in a real browser: a small edition built once for the module, served
over http on localhost, opened in headless Chromium (Debian's `chromium`, driven by Playwright;
no browser is ever downloaded) and checked by axe-core (`axe-playwright-python`):

* every page loads with no console error, no uncaught exception, no failed request and no
  broken image;
* every internal link and every `src` of the site resolves, anchors included;
* axe-core finds no serious or critical violation on any page (RGAA = WCAG 2.1 AA);
* screenshots of the first page and of a table page, desktop (1280 px) and phone (390 px),
  are kept under build/test-artefacts/ for a person to look at.

CHIFFRES_CLES_TEST_SITE=build/cc2023/site checks a site already built instead of building
one. Without Chromium (`/usr/bin/chromium`, or $CHIFFRES_CLES_CHROMIUM) or Playwright and
axe-playwright-python the tests are skipped, saying why (`make browser-deps` installs
Chromium where it can).
"""
from __future__ import annotations

import functools
import http.server
import os
import struct
import threading
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from chiffres_cles.cli import main
from chiffres_cles.synth import generate

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTS = ROOT / "build" / "test-artefacts"
CHROMIUM = Path(os.environ.get("CHIFFRES_CLES_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TABLE_PAGE = "notebooks/01_auditeurs_nombre.html"   # the first section: tables and a figure
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
BLOCKING = ("serious", "critical")


# -- the browser, the edition, the server ----------------------------------------------------

@pytest.fixture(scope="module")
def playwright_api():
    """Playwright and axe-core, or a skip saying what is missing."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright absent (pip install -e '.[dev]'): browser tests skipped")
    axe = pytest.importorskip(
        "axe_playwright_python.sync_playwright",
        reason="axe-playwright-python absent (pip install -e '.[dev]'): browser tests skipped")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"Chromium absent ({CHROMIUM}): browser tests skipped "
                    "(make browser-deps, or apt-get install chromium)")
    return sync_api, axe.Axe


@pytest.fixture(scope="module")
def browser(playwright_api):
    sync_api, _ = playwright_api
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(playwright_api, tmp_path_factory) -> Path:
    """A small edition (synthetic, scale 0.03, built-in engine), as test_build_e2e builds it."""
    if os.environ.get("CHIFFRES_CLES_TEST_SITE"):   # an edition already built, to iterate quickly
        return Path(os.environ["CHIFFRES_CLES_TEST_SITE"]).resolve()
    root = tmp_path_factory.mktemp("browser")
    data = root / "synthetic"
    generate(data, scale=0.03, seed=11)
    code = main(["build", "--edition", "2023", "--data", str(data), "--build-dir", str(root / "build"),
                 "--engine", "builtin"])
    assert code == 0
    return root / "build" / "cc2023" / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
def server(site):
    """The site served over http on localhost (a thread): its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def pages(site) -> list[str]:
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "index.html" in found and TABLE_PAGE in found, found
    return found


@pytest.fixture(scope="module")
def visits(browser, server, pages, playwright_api):
    """Every page opened once: what went wrong while loading it, its links, its axe results."""
    _, Axe = playwright_api
    axe = Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    page = context.new_page()
    events: list[str] = []
    favicon: list[str] = []

    def on_console(msg):
        if msg.type != "error":
            return
        where = (msg.location or {}).get("url", "")
        if where.endswith("/favicon.ico"):
            favicon.append(where)   # requested by the browser itself: see test_pages_declare_an_icon
        else:
            events.append(f"console error: {msg.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: events.append(f"uncaught exception: {exc}"))
    page.on("requestfailed", lambda req: events.append(f"failed request: {req.url} ({req.failure})"))
    page.on("response", lambda resp: events.append(f"HTTP {resp.status}: {resp.url}")
            if resp.status >= 400 else None)
    out = {}
    for rel in pages:
        events.clear()
        page.goto(server + rel, wait_until="load")
        page.wait_for_load_state("networkidle")
        broken_images = page.eval_on_selector_all(
            "img", "imgs => imgs.filter(i => i.loading !== 'lazy' && (!i.complete || i.naturalWidth === 0))"
                   ".map(i => i.getAttribute('src'))")
        refs = page.eval_on_selector_all(
            "[href], [src]",
            """els => els.map(e => {
                   const attr = e.hasAttribute('href') ? 'href' : 'src';
                   const raw = e.getAttribute(attr);
                   return {tag: e.tagName.toLowerCase(), attr, raw, url: new URL(raw, document.baseURI).href};
               })""")
        result = axe.run(page)
        violations = []
        for v in result.response["violations"]:
            if v.get("impact") not in BLOCKING:
                continue
            for node in v["nodes"]:
                target = node["target"][-1] if node["target"] else ""
                in_table = page.evaluate(
                    "sel => { try { const e = document.querySelector(sel);"
                    " return !!(e && e.closest('table.cc-table')); } catch (err) { return false; } }",
                    target if isinstance(target, str) else "")
                violations.append({"page": rel, "rule": v["id"], "impact": v["impact"],
                                   "target": node["target"], "in_table": in_table,
                                   "html": node.get("html", "")[:160], "help": v.get("help", "")})
        out[rel] = {"events": list(events), "broken_images": broken_images, "refs": refs,
                    "violations": violations,
                    "review": [(v["id"], len(v["nodes"])) for v in result.response.get("incomplete", [])]}
    out["_favicon"] = list(favicon)
    context.close()
    return out


# -- the tests -------------------------------------------------------------------------------

def test_every_page_loads_without_error(visits, pages):
    problems = [f"{rel}: {e}" for rel in pages for e in visits[rel]["events"]]
    problems += [f"{rel}: broken image {src}" for rel in pages for src in visits[rel]["broken_images"]]
    assert not problems, "\n".join(problems)


def test_pages_declare_an_icon(visits):
    assert not visits["_favicon"], f"404 on {visits['_favicon'][0]} (no <link rel=\"icon\"> in the page template)"


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name == "id" or (tag == "a" and name == "name")):
                self.ids.add(value)


def test_no_broken_internal_link_or_image(visits, pages, server):
    """Every href and src of every page: an internal target answers 200, and an anchor names
    an element of its page. Links outside the site are listed, not followed (no network)."""
    status: dict[str, int] = {}
    anchors: dict[str, set[str]] = {}

    def fetch(url: str) -> int:
        if url not in status:
            try:
                with urllib.request.urlopen(url, timeout=30) as resp:
                    body = resp.read()
                    status[url] = resp.status
                    if "html" in resp.headers.get("Content-Type", ""):
                        parser = _Anchors()
                        parser.feed(body.decode("utf-8", "replace"))
                        anchors[url] = parser.ids
            except urllib.error.HTTPError as err:
                status[url] = err.code
        return status[url]

    origin = urlsplit(server).netloc
    broken = []
    checked = 0
    for rel in pages:
        for ref in visits[rel]["refs"]:
            url = ref["url"]
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or parts.netloc != origin:
                continue   # mailto:, data:, or outside the site
            checked += 1
            target, fragment = urldefrag(url)
            code = fetch(target)
            what = f"{rel}: <{ref['tag']} {ref['attr']}=\"{ref['raw']}\">"
            if code != 200:
                broken.append(f"{what} → HTTP {code}")
            elif fragment and target in anchors and unquote(fragment) not in anchors[target]:
                broken.append(f"{what} → no element with id « {unquote(fragment)} » in {target}")
    assert checked > len(pages), "no link found: the pages were not read"
    assert not broken, "\n".join(broken)


def test_axe_finds_no_serious_or_critical_violation(visits, pages):
    found = [v for rel in pages for v in visits[rel]["violations"]]
    lines = [f"{v['page']}: {v['rule']} ({v['impact']}) on {v['target']} "
             f"[{'table markup: export/html.py' if v['in_table'] else 'page'}] {v['html']}" for v in found]
    assert not found, f"{len(found)} serious or critical axe-core violations:\n" + "\n".join(lines)


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("name, rel", [("premiere-page", "index.html"), ("page-tableaux", TABLE_PAGE)])
def test_screenshots(browser, server, name, rel, viewport):
    """Full-page screenshots kept as test artefacts (build/test-artefacts/, git-ignored)."""
    width, height = VIEWPORTS[viewport]
    options = {"viewport": {"width": width, "height": height}, "locale": "fr-FR"}
    if viewport == "phone":
        options.update(is_mobile=True, has_touch=True, device_scale_factor=1)
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        page.goto(server + rel, wait_until="load")
        page.wait_for_load_state("networkidle")
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}-{viewport}-{width}px.png"
        path.unlink(missing_ok=True)
        page.screenshot(path=str(path), full_page=True)
    finally:
        context.close()
    w, h = _png_size(path)
    assert w == width and h >= height, (path, w, h)

