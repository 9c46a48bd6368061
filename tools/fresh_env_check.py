"""Run the notebooks as a Colab or Kaggle user would meet them: in a fresh virtual environment holding only the package
(installed as a user installs it, no dev extras), what the notebooks' own install cell adds, and Jupyter.

Usage: python tools/fresh_env_check.py [--venv DIR] [--chapter nbs/01_pairs.ipynb]
1. Every notebook's setup cells (the cells that import), `show_doc` cells and closing export cell run, in a copy outside
   the repository (where the export cell must do nothing).
2. One chapter runs end to end with `jupyter nbconvert --execute` under IN_TEST.
Exits 1 naming the notebook and the error when anything fails.
"""
import argparse, ast, json, os, re, shutil, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def install_cell_packages(nb:dict) -> list:
    "The pinned packages a notebook's hidden install cell installs besides the package itself."
    for c in nb['cells']:
        s = ''.join(c['source'])
        if c['cell_type'] == 'code' and 'pip' in s and 'google.colab' in s:
            strings = re.findall(r"'([^']+)'", s.split("'install'", 1)[1].split(']')[0])
            return [x for x in strings[1:] if not x.startswith(('-', 'git+'))]
    return []

def _imports(source:str) -> bool:
    "Whether a cell imports at its top level (as nbdev's docs build decides which cells to run), strings and magics aside."
    try: return any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.parse(source).body)
    except SyntaxError: return False

def setup_cells(nb:dict) -> dict:
    "A copy of `nb` with only the cells a docs build executes: imports, `show_doc`, and the closing export cell."
    keep = lambda s: _imports(s) or 'show_doc(' in s or 'nbdev_export' in s or re.match(r'#\|\s*exporti?\b', s)
    cells = [c for c in nb['cells'] if c['cell_type'] == 'code' and keep(''.join(c['source']))
             and not re.search(r'#\|\s*eval:\s*false', ''.join(c['source']))]
    return {**nb, 'cells': [{**c, 'outputs': [], 'execution_count': None} for c in cells]}

def execute(python:Path, nb_path:Path, env:dict):
    "Run a notebook with nbconvert in `python`'s environment; raise with the tail of the error."
    r = subprocess.run([str(python), '-m', 'jupyter', 'nbconvert', '--to', 'notebook', '--execute', '--inplace',
                        '--ExecutePreprocessor.timeout=600', str(nb_path)], capture_output=True, text=True, env=env, cwd=nb_path.parent)
    if r.returncode: raise RuntimeError(f"{nb_path.name}: {r.stderr.strip()[-1500:]}")

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--venv', default=None, help='where to make the fresh environment (default: a temporary folder)')
    p.add_argument('--chapter', default='nbs/01_pairs.ipynb', help='the chapter to run end to end')
    a = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix='siamese_nb_fresh_'))
    venv = Path(a.venv) if a.venv else work/'venv'
    nbs = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith('_'))
    pins = install_cell_packages(json.loads(nbs[0].read_text()))
    subprocess.run([sys.executable, '-m', 'venv', str(venv)], check=True)
    py = venv/'bin'/'python'
    pip = lambda *args: subprocess.run([str(py), '-m', 'pip', 'install', '-q', *args], check=True, capture_output=True, text=True)
    try: pip(f'{ROOT}[tensorflow]', *pins, 'jupyter', 'nbconvert', 'ipykernel')   # as on Colab: the package and its default backend (preinstalled there), the cell's pins, Jupyter
    except subprocess.CalledProcessError as e: sys.exit(f"FAIL: installing the package as a user would: {e.stderr[-1500:]}")
    print(f"fresh environment: the package + {', '.join(pins)} + Jupyter")
    env = {k: v for k, v in os.environ.items() if k not in ('IN_TEST', 'VIRTUAL_ENV')}
    env.update(PATH=f"{venv/'bin'}:{env.get('PATH', '')}", TF_CPP_MIN_LOG_LEVEL='3', MPLBACKEND='Agg')
    failed = []
    for nb in nbs:                                                      # setup, show_doc and export cells, outside the repo
        d = work/'setup'/nb.stem; d.mkdir(parents=True); f = d/nb.name
        f.write_text(json.dumps(setup_cells(json.loads(nb.read_text()))))
        try: execute(py, f, env); print(f"ok   setup, show_doc and export cells of {nb.name}")
        except RuntimeError as e: failed.append(str(e)); print(f"FAIL {e}")
    if list(work.glob('setup/*/siamese_nb')) or list(work.glob('setup/*/*.py')): failed.append('an export cell wrote files outside the repository')
    ch = ROOT/a.chapter; d = work/'chapter'; d.mkdir(); shutil.copy(ch, d/ch.name)
    try: execute(py, d/ch.name, {**env, 'IN_TEST': '1'}); print(f"ok   {ch.name} end to end (IN_TEST)")
    except RuntimeError as e: failed.append(str(e)); print(f"FAIL {e}")
    shutil.rmtree(work, ignore_errors=True)
    if failed: sys.exit(f"FAIL: {len(failed)} notebook check(s) failed in a fresh environment")
    print('notebooks run in a fresh environment with only what their install cell installs')
