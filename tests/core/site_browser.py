"""The exported site in real tools: the Nu Html Checker (vnu-jar, Java) and headless
Chromium running axe-core and measuring image slots, the site served by Desk's own
SiteServer on 127.0.0.1.

The tools come from Debian (java, chromium) and npm (tools/validators: `npm ci`), which
.ci/run installs; here they are looked up, and a test that needs a missing one is skipped
with what to install (CI fails instead: .ci/run checks they are all there).
"""

from __future__ import annotations

import html
import http.server
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "tools" / "validators" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--hide-scrollbars", "--mute-audio"]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing_tools() -> str:
    """What is missing to run the validators, or ""."""
    missing = []
    if not shutil.which("java"):
        missing.append("java (apt-get install default-jre-headless)")
    if not chromium():
        missing.append("chromium (apt-get install chromium)")
    if not VNU_JAR.is_file() or not AXE.is_file():
        missing.append("vnu-jar and axe-core (npm ci --prefix tools/validators)")
    return ", ".join(missing)


def vnu(folder: Path) -> list[dict]:
    """Every message of the Nu Html Checker on every HTML page and the stylesheet of
    ``folder`` (named one by one: given the folder, it would read every image too)."""
    files = sorted(str(p) for p in folder.rglob("*.html") if ".desk-staging" not in p.parts)
    files += sorted(str(p) for p in folder.rglob("*.css"))
    done = subprocess.run(["java", "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--also-check-css",
                           *files], capture_output=True, text=True, timeout=300)
    return json.loads(done.stderr)["messages"]


class _HarnessHandler(http.server.SimpleHTTPRequestHandler):
    """The site, plus /__harness/: the page that drives the test and axe-core."""

    harness = ""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith("/__harness/axe.min.js"):
            self._reply(AXE.read_bytes(), "text/javascript")
        elif self.path.startswith("/__harness/"):
            self._reply(self.harness.encode("utf-8"), "text/html; charset=utf-8")
        else:
            super().do_GET()

    def _reply(self, data: bytes, mime: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


# Runs in Chromium: loads each page in an iframe of each width (its viewport), then runs
# axe-core in it, or measures every image that has a `sizes`: the width the sizes list
# gives at that viewport against the width the stylesheet lays the image out at, or
# returns the laid-out box of the first element each of the job's selectors matches.
HARNESS_JS = r"""
const JOBS = %(jobs)s;
function load(url, width) {
  return new Promise(function (resolve) {
    const frame = document.createElement('iframe');
    // Tall enough for no scrollbar: vw is then exactly the layout width.
    frame.style.cssText = 'width:' + width + 'px;height:30000px;border:0;display:block';
    frame.onload = function () { resolve(frame); };
    frame.src = url;
    document.body.appendChild(frame);
  });
}
function splitSizes(sizes) {
  const parts = []; let depth = 0, start = 0;
  for (let i = 0; i < sizes.length; i++) {
    const c = sizes[i];
    if (c === '(') depth++; else if (c === ')') depth--;
    else if (c === ',' && depth === 0) { parts.push(sizes.slice(start, i).trim()); start = i + 1; }
  }
  parts.push(sizes.slice(start).trim());
  return parts;
}
function slot(sizes, win, doc) {
  for (const part of splitSizes(sizes)) {
    let length = part, media = '';
    if (part[0] === '(') {
      let depth = 0, end = 0;
      for (let i = 0; i < part.length; i++) {
        if (part[i] === '(') depth++;
        if (part[i] === ')') { depth--; if (depth === 0) { end = i + 1; break; } }
      }
      media = part.slice(0, end); length = part.slice(end).trim();
    }
    if (media && !win.matchMedia(media).matches) continue;
    const probe = doc.createElement('div');
    probe.style.cssText = 'position:absolute;left:0;top:0;height:1px;width:' + length;
    doc.body.appendChild(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return width;
  }
  return null;
}
async function run() {
  const out = [];
  for (const job of JOBS) {
    const frame = await load(job.url, job.width);
    const win = frame.contentWindow, doc = frame.contentDocument;
    if (job.kind === 'axe') {
      await new Promise(function (resolve, reject) {
        const s = doc.createElement('script'); s.src = '/__harness/axe.min.js';
        s.onload = resolve; s.onerror = reject; doc.head.appendChild(s);
      });
      const result = await win.axe.run(doc, {resultTypes: ['violations']});
      out.push({job: job, violations: result.violations.map(function (v) {
        return {id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(function (n) { return n.html + ' :: ' + n.failureSummary; })};
      })});
    } else if (job.kind === 'boxes') {
      const boxes = {};
      for (const selector of job.selectors) {
        const node = doc.querySelector(selector);
        const box = node ? node.getBoundingClientRect() : null;
        boxes[selector] = box ? {left: box.left, top: box.top, right: box.right, bottom: box.bottom,
                                 width: box.width, height: box.height} : null;
      }
      out.push({job: job, viewport: win.innerWidth, boxes: boxes});
    } else {
      const images = [];
      doc.querySelectorAll('img[sizes]').forEach(function (img) {
        const box = img.getBoundingClientRect();
        if (box.width === 0) return;
        images.push({src: img.getAttribute('src'), sizes: img.getAttribute('sizes'),
                     rendered: box.width, slot: slot(img.getAttribute('sizes'), win, doc),
                     where: (img.closest('figure, li') || img).className});
      });
      out.push({job: job, viewport: win.innerWidth, images: images});
    }
    frame.remove();
  }
  document.getElementById('result').textContent = JSON.stringify(out);
}
run().catch(function (e) { document.getElementById('result').textContent = 'ERROR ' + e; });
"""


def in_chromium(folder: Path, jobs: list[dict], timeout: int = 240) -> list[dict]:
    """Run the harness on ``jobs`` ({"kind": "axe"|"sizes"|"boxes", "url": site path,
    "width": px, and for "boxes" "selectors": [CSS selector, ...]}) against the site in
    ``folder``; the results, one per job."""
    from desk.core.export.serve import SiteServer  # desk only here: .ci/run imports this module bare

    handler = type("Handler", (_HarnessHandler,), {
        "harness": ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>harness</title>"
                    "</head><body><pre id=\"result\">pending</pre><script>"
                    + HARNESS_JS % {"jobs": json.dumps(jobs)} + "</script></body></html>")})
    with SiteServer(folder, handler) as server, tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1700,1000",
             "--virtual-time-budget=600000", "--dump-dom", server.url + "__harness/"],
            capture_output=True, text=True, timeout=timeout)
    start = done.stdout.find('<pre id="result">')
    end = done.stdout.find("</pre>", start)
    text = html.unescape(done.stdout[start + len('<pre id="result">'):end]) if start >= 0 else ""
    if not text.startswith("["):
        raise AssertionError(f"the harness did not finish: {text[:300]!r} {done.stderr[-500:]!r}")
    return json.loads(text)


def screenshot(url: str, out: Path, width: int, height: int) -> None:
    """A PNG of ``url`` at ``width`` x ``height`` CSS pixels."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                        f"--window-size={width},{height}", "--virtual-time-budget=20000",
                        f"--screenshot={out}", url], capture_output=True, timeout=120, check=True)
