"""Write README.md from nbs/index.ipynb without Quarto (nbconvert's markdown exporter).

Hidden cells (`#| hide`) are dropped, `#|` directives removed, and image links made relative to the repo root.
`python tools/make_readme.py --check` exits 1 if README.md differs from what would be written (CI runs this), or,
once bench/results.json is in schema 2, if README.md's results section lacks the exact current rendering of the
'what to use when' list, the results table or the time-to-match table (bench/report.py) of that file.
"""
import json, re, sys
from pathlib import Path
import nbformat
from nbconvert import MarkdownExporter

ROOT = Path(__file__).resolve().parents[1]

def render() -> str:
    nb = nbformat.read(ROOT/'nbs'/'index.ipynb', as_version=4)
    cells = []
    for c in nb.cells:
        lines = c.source.splitlines()
        if c.cell_type == 'code':
            if any(re.match(r'#\|\s*(hide|exporti?|default_exp)\b', l) for l in lines): continue
            c.source = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
            if any(re.match(r'#\|\s*echo:\s*false', l) for l in lines): c.source = ''
            c.outputs = [o for o in c.outputs if o.get('output_type') != 'stream' or o.get('name') != 'stderr']
        cells.append(c)
    nb.cells = cells
    md, _ = MarkdownExporter(exclude_input_prompt=True, exclude_output_prompt=True).from_notebook_node(nb)
    md = md.replace('](images/', '](nbs/images/').replace('src="images/', 'src="nbs/images/')
    md = re.sub(r'\]\((\w+\.ipynb)\)', r'](nbs/\1)', md)                  # chapter links, relative to the repo root
    md = re.sub(r'\n```(?:python)?\n\s*```\n', '\n', md)       # empty code blocks of echo:false cells
    md = re.sub(r'\n{3,}', '\n\n', md).strip() + '\n'
    return '<!-- Generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file. -->\n\n' + md

def _squeeze(text:str) -> str: return re.sub(r'\n{3,}', '\n\n', text).strip()  # as render() treats the README

def stale_results(readme:str) -> list:
    "Names of the bench/report.py blocks whose rendering of bench/results.json is not in README.md's results section (None: no schema 2 file)."
    res = ROOT/'bench'/'results.json'
    res = json.loads(res.read_text()) if res.is_file() else {}
    if res.get('schema') != 2: return None                        # the old format has no report.py rendering
    sys.path.insert(0, str(ROOT/'bench'))
    import report
    sec = re.search(r'^## Results\b.*?(?=^## |\Z)', readme, re.M | re.S)
    sec = sec.group(0) if sec else ''
    return [f.__name__ for f in (report.what_to_use, report.results_table, report.time_to_match_table)
            if _squeeze(f(res)) not in sec]

if __name__ == '__main__':
    text, readme = render(), ROOT/'README.md'
    if '--check' in sys.argv:
        if not readme.is_file() or readme.read_text(encoding='utf-8') != text:
            print('FAIL: README.md is out of date with nbs/index.ipynb; run python tools/make_readme.py'); sys.exit(1)
        if stale := stale_results(text):
            print(f"FAIL: the Results section of README.md does not show what bench/report.py renders from bench/results.json now "
                  f"({', '.join(stale)} differ{'s' * (len(stale) == 1)}); rerun the results cell of nbs/index.ipynb, then python tools/make_readme.py"); sys.exit(1)
        print('README.md is in sync with nbs/index.ipynb' + ('' if stale is None else ' and bench/results.json'))
    else:
        readme.write_text(text, encoding='utf-8'); print(f'wrote {readme}')
