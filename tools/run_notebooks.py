"""Re-run notebooks on full MNIST to refresh the outputs the site shows, then drop TensorFlow's C++ start-up log lines.

Usage: SIAMESE_NB_DATA=/path/to/mnist python tools/run_notebooks.py [NOTEBOOK ...]   (default: every nbs/*.ipynb)
Runs without IN_TEST, so the notebooks use full data and full epoch counts. Run `nbdev_clean` afterwards.
"""
import os, re, sys, time
from pathlib import Path
import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

NBS = Path(__file__).resolve().parents[1]/'nbs'
NOISE = re.compile(r'^(WARNING: All log messages before absl|[IWE]\d{4} [\d:. ]+\d+ \w+\.cc:\d+\]|To enable the following instructions|'
                   r'WARNING: All log messages before absl::InitializeLog|WARNING:tensorflow:\d+ out of the last \d+ calls to )')

def strip_noise(nb):
    "Remove TensorFlow/absl C++ log lines from stream outputs, and outputs left empty."
    for c in nb.cells:
        if c.cell_type != 'code': continue
        outs = []
        for o in c.get('outputs', []):
            if o.output_type == 'stream':
                o.text = ''.join(l for l in o.text.splitlines(keepends=True) if not NOISE.match(l))
                if not o.text.strip(): continue
            outs.append(o)
        c.outputs = outs
    return nb

if __name__ == '__main__':
    if 'IN_TEST' in os.environ: sys.exit('unset IN_TEST: this script records the full-data outputs')
    if not os.environ.get('SIAMESE_NB_DATA'): print('note: SIAMESE_NB_DATA is not set; notebooks will try Keras\' download', file=sys.stderr)
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
    os.environ.pop('MPLBACKEND', None)   # MPLBACKEND=Agg would replace the kernels' inline backend: figures would vanish from the outputs
    paths = [Path(p) for p in sys.argv[1:]] or sorted(NBS.glob('[0-9]*.ipynb')) + [NBS/'index.ipynb']
    for p in paths:
        t0 = time.time(); nb = nbformat.read(p, as_version=4)
        ExecutePreprocessor(timeout=3600, kernel_name='python3').preprocess(nb, {'metadata': {'path': str(p.parent)}})
        nbformat.write(strip_noise(nb), p); print(f'{p.name}: {time.time() - t0:.0f}s', flush=True)
