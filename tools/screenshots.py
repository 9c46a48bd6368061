"""Screenshot every page of the built site at desktop and phone width, and report pages wider than the window.

    python tools/screenshots.py [DOCS] [--out DIR] [--widths 1280,390]     # defaults: _docs, /tmp/site_shots

Needs Debian's `chromium` (apt-get install -y chromium). DOCS is served on 127.0.0.1 by a local http.server. Each page
is shown in an iframe exactly WIDTH px wide (headless chromium's window is at least 500 px wide), and the server adds one
script to each page: on load it writes the document's scrollWidth/scrollHeight and the outermost elements that stick out
past the right edge (and are not inside a scrolling box) into the outer page, which `chromium --dump-dom` prints.
A full-height PNG per page and width goes to DIR (`<page>-<width>.png`). Exits 1 if any page is wider than its window.
"""
import functools, html, http.server, json, re, subprocess, sys, tempfile, threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--hide-scrollbars']
MAX_HEIGHT = 20000                                  # px: longer pages are cut in the PNG (the width is still measured)
MIN_WINDOW = 500                                    # px: headless chromium's narrowest window
FRAME = '<!doctype html><body style="margin:0"><iframe src="/{page}" style="border:0;display:block;width:{w}px;height:{h}px"></iframe></body>'
MEASURE = """<script>addEventListener('load', () => setTimeout(() => {
  const w = innerWidth, out = e => e.getBoundingClientRect().right > w + 1;
  const clipped = e => { for (let a = e.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX != 'visible') return true; return false; };
  const wide = [...document.body.querySelectorAll('*')].filter(e => out(e) && !(e.parentElement && out(e.parentElement)) && !clipped(e))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined
      ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
  const d = parent.document, p = d.createElement('pre'); p.id = 'site-measure';
  p.textContent = JSON.stringify({window: innerWidth, width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight, wide});
  d.body.appendChild(p);
}, 300));</script>"""

class _Handler(http.server.SimpleHTTPRequestHandler):
    "Serves the site, with the measuring script added before each page's </body>, and /frame?page=&w=&h= around a page."
    def do_GET(self):
        url, path = urlsplit(self.path), Path(self.translate_path(self.path))
        if url.path == '/frame': body = FRAME.format(**{k: v[0] for k, v in parse_qs(url.query).items()}).encode()
        elif path.suffix == '.html' and path.is_file(): body = path.read_text(encoding='utf-8').replace('</body>', MEASURE + '</body>').encode()
        else: return super().do_GET()
        self.send_response(200); self.send_header('Content-Type', 'text/html; charset=utf-8')
        self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *args): pass

def serve(docs:Path) -> http.server.ThreadingHTTPServer:
    "Serve `docs` on a free port of 127.0.0.1 from a background thread."
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(_Handler, directory=str(docs)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv

def chromium(url:str, width:int, height:int, *args) -> str:
    "Run headless chromium on `url` in a `width` x `height` window with a fresh profile; return its stdout."
    with tempfile.TemporaryDirectory() as profile:
        r = subprocess.run(['chromium', *FLAGS, f'--user-data-dir={profile}', f'--window-size={width},{height}', *args, url],
                           capture_output=True, text=True, timeout=120)
    return r.stdout

def measure(url:str, width:int) -> dict:
    "innerWidth, scrollWidth, scrollHeight and the outermost too-wide elements of the page in frame `url`, `width` px wide."
    dom = chromium(url, max(width, MIN_WINDOW), 900, '--virtual-time-budget=10000', '--dump-dom')
    m = re.search(r'<pre id="site-measure">(.*?)</pre>', dom, re.S)
    if not m: raise RuntimeError(f'{url} at {width}px: the measuring script did not run (chromium printed {len(dom)} characters)')
    return json.loads(html.unescape(m.group(1)))

def shoot(docs:Path, out:Path, widths:list) -> list:
    "Screenshot every page of `docs` at each width into `out`; return (page, width, scrollWidth, wide elements) of too-wide pages."
    out.mkdir(parents=True, exist_ok=True)
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob('*.html') if 'site_libs' not in p.parts)
    srv, wide = serve(docs), []
    try:
        for page in pages:
            for w in widths:
                url = f'http://127.0.0.1:{srv.server_address[1]}/frame?page={page}&w={w}&h='
                m, png = measure(url + '900', w), out/f"{page[:-5].replace('/', '_')}-{w}.png"
                h = min(m['height'], MAX_HEIGHT)
                chromium(url + str(h), max(w, MIN_WINDOW), h, '--virtual-time-budget=10000', f'--screenshot={png}')
                if w < MIN_WINDOW: Image.open(png).crop((0, 0, w, h)).save(png)
                print(f"{page:24} {w:5}px  document {m['width']:5}px wide  {png}")
                if m['window'] != w: raise RuntimeError(f"{page}: the frame is {m['window']}px wide, not {w}px")
                if m['width'] > w: wide.append((page, w, m['width'], m['wide']))
    finally: srv.shutdown()
    return wide

def main(args:list) -> int:
    opt = lambda k, d: args[args.index(k) + 1] if k in args else d
    out, widths = Path(opt('--out', '/tmp/site_shots')), [int(w) for w in opt('--widths', '1280,390').split(',')]
    rest = [a for i, a in enumerate(args) if not a.startswith('--') and (i == 0 or args[i-1] not in ('--out', '--widths'))]
    docs = Path(rest[0]) if rest else ROOT/'_docs'
    if not (docs/'index.html').is_file(): print(f'{docs}: no index.html; build the site first (nbdev_docs)'); return 1
    wide = shoot(docs, out, widths)
    for page, w, sw, els in wide: print(f'TOO WIDE: {page} at {w}px: document is {sw}px wide; sticking out: {", ".join(els) or "?"}')
    print(f'{len(wide)} page/width pair(s) wider than the window' if wide else 'no page is wider than its window')
    return 1 if wide else 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
