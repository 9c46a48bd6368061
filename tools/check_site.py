"""Build the documentation site with `nbdev_docs` and check it; exit 1 listing every problem.

    python tools/check_site.py                      # run nbdev_docs (log captured), then check _docs/
    python tools/check_site.py --no-build [--log FILE] [DOCS]   # check a site built before (FILE: that build's log)

Problems: the build fails, or its log has an error or warning (Python warnings, pandoc `[WARNING]`, Quarto `WARN`/`ERROR`;
nbdev's "cells containing imports and other code" warning is traced to its notebook cell); a chapter page is missing
(every nbs/*.ipynb not starting with `_` needs its .html); "Call self as a function" on a page; an absolute machine path
(/work/, /root/, /home/, /tmp/, ...) in a page's text; an href/src to a local file (or to this site's own URL) that does
not exist in DOCS; a script from another host than the math renderer's; README.md changed by the build (build mode only).
"""
import configparser, html.parser, json, os, re, shutil, subprocess, sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
CFG = configparser.ConfigParser(); CFG.read(ROOT/'settings.ini')
SITE_URL = CFG['DEFAULT']['doc_host'].rstrip('/') + CFG['DEFAULT']['doc_baseurl'].rstrip('/') + '/'
MACHINE_PATH = re.compile(r'(?<![\w.:/~-])/(?:work|root|home|tmp|Users|private/var|var/folders)/')
LOG_PROBLEM = re.compile(r'\[WARNING\]|^\s*(?:WARN|WARNING|ERROR)\b|\w*(?:Warning|Error):|Traceback|Error in notebook')
LOG_NOISE = re.compile(r'^\s*[IWE]\d{4} |WARNING: All log messages before absl')  # TensorFlow start-up chatter
IMPORT_WARNING = re.compile(r'^[^\n]*Found cells containing imports and other code\. See FAQ\.\n---\n(.*?)\n---\n(?:\s*warn\([^\n]*\n)?', re.S | re.M)
MATH_SCRIPTS = ('mathjax', 'polyfill', 'katex')           # Quarto's own math renderer: the one allowed remote script

def build() -> tuple:
    "Run `nbdev_docs` in the repo root; return (exit status, log, whether README.md changed)."
    readme = (ROOT/'README.md').read_bytes()
    shutil.rmtree(ROOT/'_proc', ignore_errors=True)    # nbdev skips notebooks it processed before: their warnings would go unseen
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='3', MPLBACKEND='Agg')
    r = subprocess.run(['nbdev_docs'], cwd=ROOT, env=env, capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr, (ROOT/'README.md').read_bytes() != readme

def _cells():
    "(notebook name, 1-based cell number, cell) for every notebook cell in nbs/."
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        for i, c in enumerate(json.loads(nb.read_text(encoding='utf-8'))['cells'], 1):
            yield nb.name, i, c

def _locate(source:str) -> str:
    "Where in nbs/ the code cell whose source (without `#|` lines) is `source` lives."
    want = source.strip()
    for nb, i, c in _cells():
        src = ''.join(c['source'])
        if c['cell_type'] == 'code' and '\n'.join(l for l in src.splitlines() if not l.startswith('#|')).strip() == want:
            return f"nbs/{nb} cell {i} (id {c.get('id', '?')})"
    return 'a cell not found in nbs/'

def _cell_with(text:str) -> str:
    "Where in nbs/ a cell's source or saved output holds `text`, or ''."
    for nb, i, c in _cells():
        if text in ''.join(c['source']) + json.dumps(c.get('outputs', []), ensure_ascii=False):
            return f" (nbs/{nb} cell {i}, id {c.get('id', '?')})"
    return ''

def log_problems(log:str) -> list:
    "The errors and warnings in a build log; nbdev's import warning is named by notebook cell."
    out = [f'{_locate(src)} mixes imports with other code, so the docs build executes all of it: '
           f'put the imports in a cell of their own ({src.splitlines()[0][:60]!r}...)' for src in IMPORT_WARNING.findall(log)]
    log = IMPORT_WARNING.sub('', re.sub(r'\x1b\[[0-9;]*m', '', log))
    seen = set()
    for line in log.splitlines():
        if LOG_PROBLEM.search(line) and not LOG_NOISE.search(line) and line not in seen:
            seen.add(line); out.append(f'build log: {line.strip()[:300]}')
    return out

def _page_names(stem:str) -> set:
    "The page names Quarto may give notebook `stem`: as is, or without a leading '00_'/'07a_'."
    return {stem, re.sub(r'^\d+[a-z]?_', '', stem)}

def missing_pages(docs:Path) -> list:
    "Chapters (nbs/*.ipynb not starting with '_') that have no page in `docs`."
    nbs = [p for p in sorted((ROOT/'nbs').glob('*.ipynb')) if not p.name.startswith('_')]
    return [f"nbs/{p.name}: no page in {docs.name}/ (looked for {' and '.join(sorted(n + '.html' for n in _page_names(p.stem)))})"
            for p in nbs if not any((docs/f'{n}.html').is_file() for n in _page_names(p.stem))]

class _Page(html.parser.HTMLParser):
    "Collects a page's visible text, its (tag, attribute, url) references and its remote scripts."
    def __init__(self):
        super().__init__(); self.text, self.refs, self._skip = [], [], 0
    def handle_starttag(self, tag, attrs):
        if tag in ('script', 'style'): self._skip += 1
        self.refs += [(tag, k, v) for k, v in attrs if k in ('href', 'src') and v]
    def handle_endtag(self, tag):
        if tag in ('script', 'style'): self._skip = max(0, self._skip - 1)
    def handle_data(self, data):
        if not self._skip: self.text.append(data)

def _target(docs:Path, page:Path, url:str):
    "The file in `docs` that `url` on `page` points to, or None for a link to elsewhere."
    if url.startswith(SITE_URL): url = '/' + url[len(SITE_URL):]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path: return None if parts.scheme != 'file' else docs/'file:'
    path = unquote(parts.path)
    t = docs/path.lstrip('/') if path.startswith('/') else page.parent/path
    return t/'index.html' if path.endswith('/') else t

def page_problems(docs:Path, page:Path) -> list:
    "What is wrong on one page: the self-call docstring, machine paths, broken local links, remote scripts."
    src, name = page.read_text(encoding='utf-8', errors='replace'), page.relative_to(docs)
    p = _Page(); p.feed(src)
    out = [f'{name}: shows "Call self as a function" (a show_doc of a callable without its own docstring)'] if 'Call self as a function' in src else []
    text = re.sub(r'\s+', ' ', ' '.join(p.text))
    for m in MACHINE_PATH.finditer(text):
        path = re.match(r'[^\s\'"`),]+', text[m.start():]).group()
        out.append(f'{name}: absolute machine path in the text: ...{text[max(0, m.start()-50):m.end()+40]}...{_cell_with(path)}')
    for tag, attr, url in p.refs:
        t = _target(docs, page, url)
        if t is not None and not t.resolve().is_file(): out.append(f'{name}: <{tag} {attr}="{url[:120]}"> resolves to no file in {docs.name}/')
        if tag == 'script' and urlsplit(url).netloc and not any(m in url for m in MATH_SCRIPTS):
            out.append(f'{name}: loads a script from another host: {url[:120]}')
    return out

def check(docs:Path, log:str=None, readme_changed:bool=False) -> list:
    "Every problem found in the built site `docs` (and its build `log`, if given)."
    if not (docs/'index.html').is_file(): return [f'{docs}: no index.html (is this a built site?)']
    out = log_problems(log) if log is not None else []
    out += missing_pages(docs)
    for page in sorted(docs.rglob('*.html')):
        if 'site_libs' not in page.parts: out += page_problems(docs, page)
    if readme_changed: out.append('README.md: changed by nbdev_docs (README.md comes from tools/make_readme.py; see readme_nb in settings.ini)')
    return out

def main(args:list) -> int:
    log_file = args[args.index('--log') + 1] if '--log' in args else None
    rest = [a for a in args if a not in ('--no-build', '--log', log_file)]
    docs = Path(rest[0]) if rest else ROOT/CFG['DEFAULT']['doc_path']
    if '--no-build' in args:
        problems = check(docs, Path(log_file).read_text(errors='replace') if log_file else None)
    else:
        rc, log, readme_changed = build()
        if rc:
            print(log[-6000:]); print('\n'.join(f'- {p}' for p in log_problems(log)))
            print(f'FAIL: nbdev_docs exited with status {rc}'); return 1
        problems = check(docs, log, readme_changed)
    for p in problems: print(f'- {p}')
    n_pages = len([p for p in docs.rglob('*.html') if 'site_libs' not in p.parts])
    print(f'FAIL: {len(problems)} problem(s) in the site' if problems else f'site OK: {n_pages} pages checked in {docs}')
    return 1 if problems else 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
