"""Write README.md from nbs/index.ipynb without Quarto (nbconvert's markdown exporter).

Hidden cells (`#| hide`) are dropped, `#|` directives removed, and image links made relative to the repo root.
`python tools/make_readme.py --check` exits 1 if README.md differs from what would be written (CI runs this).
"""
import re, sys
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
    md = re.sub(r'\n```python\n\s*```\n', '\n', md)              # empty code blocks of echo:false cells
    md = re.sub(r'\n{3,}', '\n\n', md).strip() + '\n'
    return '<!-- Generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file. -->\n\n' + md

if __name__ == '__main__':
    text, readme = render(), ROOT/'README.md'
    if '--check' in sys.argv:
        if not readme.is_file() or readme.read_text(encoding='utf-8') != text:
            print('FAIL: README.md is out of date with nbs/index.ipynb; run python tools/make_readme.py'); sys.exit(1)
        print('README.md is in sync with nbs/index.ipynb')
    else:
        readme.write_text(text, encoding='utf-8'); print(f'wrote {readme}')
