"""Re-run chosen cells of a notebook on full data to refresh their saved outputs, leaving every other cell's saved output as it is.

Usage: SIAMESE_NB_DATA=/path/to/mnist python tools/run_cells.py NOTEBOOK [--setup ID ...] [--prelude CODE] ID [ID ...]

The prelude and then the setup cells (imports, helpers) run first in one kernel, their outputs not kept; then each named cell runs in
the order given and its outputs replace the saved ones. For a change that touches a few cells of a long notebook whose other
outputs come from full-data runs still valid (tools/run_notebooks.py re-runs whole notebooks). Run `nbdev_clean` afterwards.
"""
import argparse, os, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient
sys.path.insert(0, str(Path(__file__).parent))
from run_notebooks import strip_noise

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('notebook'); p.add_argument('cells', nargs='+'); p.add_argument('--setup', nargs='*', default=[])
    p.add_argument('--prelude', default='')
    a = p.parse_args(argv)
    if 'IN_TEST' in os.environ: sys.exit('unset IN_TEST: this script records the full-data outputs')
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3'); os.environ.pop('MPLBACKEND', None)
    path = Path(a.notebook); nb = nbformat.read(path, as_version=4)
    byid = {c.get('id'): c for c in nb.cells}
    missing = [i for i in a.setup + a.cells if i not in byid]
    if missing: sys.exit(f"no cell {missing[0]} in {path}")
    run = nbformat.v4.new_notebook(metadata=nb.metadata)
    run.cells = ([nbformat.v4.new_code_cell(a.prelude)] if a.prelude else []) + [nbformat.v4.new_code_cell(byid[i].source) for i in a.setup] + \
                [nbformat.v4.new_code_cell(byid[i].source) for i in a.cells]
    t0 = time.time()
    NotebookClient(run, timeout=3600, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}}).execute()
    done = strip_noise(run).cells[-len(a.cells):]
    for i, c in zip(a.cells, done): byid[i].outputs = c.outputs
    nbformat.write(nb, path); print(f"{path.name}: {len(a.cells)} cell(s) in {time.time() - t0:.0f}s")

if __name__ == '__main__': sys.exit(main())
