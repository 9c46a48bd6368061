"""The same recipes on Keras' three backends: training images/s and the test figures after the same number of epochs.

    python bench/backends.py                         # writes bench/backends.json and prints a markdown table (~10 min on 2 quiet cores)
    python bench/backends.py --data sample --epochs 1 --steps 2 --seeds 0 --results /tmp/b.json   # a quick look

Each backend runs in its own process (`KERAS_BACKEND` is read once, when Keras is imported): `best` and
`contrastive-mlp`, three seeds each, each trained for the same epochs on every backend with
`siamese_nb.training.train` and evaluated on the test set with `siamese_nb.evaluation.evaluate`. Images/s are training
examples per training second (validation not counted), from the run's history. A backend that is not installed is
reported as such, not failed. The README renders the table with `table()`; nothing here runs on import.
"""
import argparse, json, os, platform, subprocess, sys, time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = ('tensorflow', 'jax', 'torch')
WORKER = r'''
import json, sys, time
import keras
from siamese_nb.training import train
from siamese_nb.evaluation import evaluate
plan = json.loads(sys.argv[1])
for recipe, seed, epochs, steps in plan['runs']:
    kw = {} if steps is None else dict(steps_per_epoch=steps)
    t = time.perf_counter()
    model, hist = train(recipe, data=plan['data'], epochs=epochs, seed=seed, verbose=0, **kw)
    wall = time.perf_counter() - t
    m = evaluate(model, plan['data'])
    last = hist[-1]
    print('RESULT ' + json.dumps(dict(backend=keras.backend.backend(), recipe=recipe, seed=seed, epochs=epochs, steps=steps,
          examples=last['examples'], train_seconds=last['seconds'], images_per_s=last['examples'] / last['seconds'], wall_seconds=wall,
          pair_accuracy=m['pair_accuracy'], roc_auc=m['roc_auc'], knn_accuracy=m['knn_accuracy'])), flush=True)
'''

def version(backend:str) -> str|None:
    from importlib import metadata
    for n in {'tensorflow': ('tensorflow', 'tensorflow-cpu'), 'jax': ('jax',), 'torch': ('torch',)}[backend]:
        try: return metadata.version(n)
        except metadata.PackageNotFoundError: pass
    return None

def run_backend(backend:str, plan:dict) -> tuple[list, str|None]:
    "The result rows of one backend's process, and its error (None when it ran)."
    if version(backend) is None: return [], f"{backend} is not installed"
    env = {**os.environ, 'KERAS_BACKEND': backend, 'TF_CPP_MIN_LOG_LEVEL': '3'}
    r = subprocess.run([sys.executable, '-c', WORKER, json.dumps(plan)], capture_output=True, text=True, env=env)
    rows = [json.loads(l[7:]) for l in r.stdout.splitlines() if l.startswith('RESULT ')]
    return rows, None if r.returncode == 0 else r.stderr.strip()[-2000:]

def summarise(rows:list) -> list:
    "Mean and sd over seeds per (backend, recipe)."
    import numpy as np
    out = []
    for b in BACKENDS:
        for rec in dict.fromkeys(r['recipe'] for r in rows):
            rs = [r for r in rows if r['backend'] == b and r['recipe'] == rec]
            if not rs: continue
            agg = {k: (float(np.mean([r[k] for r in rs])), float(np.std([r[k] for r in rs], ddof=1)) if len(rs) > 1 else None)
                   for k in ('images_per_s', 'pair_accuracy', 'roc_auc', 'knn_accuracy', 'wall_seconds')}
            out.append(dict(backend=b, recipe=rec, seeds=len(rs), epochs=rs[0]['epochs'], **agg))
    return out

def table(res:dict) -> str:
    "A markdown table of a backends.json: per recipe and backend, training images/s and the test figures (mean ± sd over seeds)."
    f = lambda v, d=3: '–' if v[0] is None else f"{v[0]:.{d}f}" + ('' if v[1] is None else f" ± {v[1]:.{d}f}")
    lines = ['| recipe | backend | seeds | epochs | training images/s | test pair accuracy | ROC AUC | 1-NN |', '|---|---|---:|---:|---:|---:|---:|---:|']
    for s in res['summary']:
        ver = res['versions'].get(s['backend'])
        lines.append(f"| `{s['recipe']}` | {s['backend']} {ver} | {s['seeds']} | {s['epochs']} | {f(s['images_per_s'], 0)} | "
                     f"{f(s['pair_accuracy'])} | {f(s['roc_auc'])} | {f(s['knn_accuracy'])} |")
    runs = res['runs']
    steps = {r['recipe']: r['steps'] for r in runs}
    lines.append('')
    lines.append(f"Short runs, the same on every backend: " + '; '.join(
        f"`{s['recipe']}` {s['epochs']} epoch{'s' * (s['epochs'] != 1)}" + (f" of {steps[s['recipe']]} batches" if steps.get(s['recipe']) else '')
        for s in {s['recipe']: s for s in res['summary']}.values()) + f", test figures on the full test set; mean ± sd over seeds. "
        f"Keras {res['versions']['keras']}, {res['machine']['cores']} CPU cores, 1-minute load average {res['machine']['load_after']:.1f} "
        f"when the run ended" + (f" (above {res['machine']['cores']}: other work shared the cores, and the images/s are low for every backend)."
                                 if res['machine']['load_after'] > res['machine']['cores'] else f" (not above the {res['machine']['cores']} cores).")
        + (f" Not run: {'; '.join(f'{b} ({e.splitlines()[-1][:120]})' for b, e in res['errors'].items())}." if res.get('errors') else ''))
    return '\n'.join(lines)

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', default=str(ROOT.parent/'shared'/'data'/'mnist'), help='MNIST source (default: ../shared/data/mnist)')
    p.add_argument('--backends', nargs='+', default=list(BACKENDS), choices=BACKENDS)
    p.add_argument('--epochs', type=int, default=None, help='epochs of every run (default: 2 for best, 3 for contrastive-mlp)')
    p.add_argument('--steps', type=int, default=None, help="best's batches per epoch (default: the recipe's 120)")
    p.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2], help='seeds of every recipe')
    p.add_argument('--results', default=str(ROOT/'bench'/'backends.json'))
    a = p.parse_args(argv)
    runs = [('best', s, a.epochs or 2, a.steps) for s in a.seeds] + [('contrastive-mlp', s, a.epochs or 3, None) for s in a.seeds]
    plan, rows, errors, t0 = dict(data=a.data, runs=runs), [], {}, time.time()
    for b in a.backends:
        print(f"== {b}: {len(runs)} runs", flush=True)
        r, err = run_backend(b, plan); rows += r
        if err: errors[b] = err; print(f"   {b}: {err.splitlines()[-1] if err.splitlines() else err}", flush=True)
        for x in r: print(f"   {x['recipe']} seed {x['seed']}: {x['images_per_s']:.0f} images/s, test pair accuracy {x['pair_accuracy']:.4f}", flush=True)
    git = lambda *c: subprocess.run(['git', '-C', str(ROOT), *c], capture_output=True, text=True).stdout.strip()
    from importlib import metadata
    res = dict(commit=git('rev-parse', 'HEAD') + ('+dirty' if git('status', '--porcelain', '--untracked-files=no') else ''),
               date=datetime.now(timezone.utc).isoformat(timespec='seconds'), data=a.data,
               machine=dict(cores=os.cpu_count(), platform=platform.platform(), load_after=os.getloadavg()[0]),
               versions={'keras': metadata.version('keras'), **{b: version(b) for b in BACKENDS}}, runs=rows,
               summary=summarise(rows), errors=errors, seconds=round(time.time() - t0, 1))
    Path(a.results).write_text(json.dumps(res, indent=1) + '\n')
    print('\n' + table(res) + f"\n\nwrote {a.results} in {res['seconds']:.0f} s")
    return 1 if errors else 0

if __name__ == '__main__': sys.exit(main())
