"""Train every recipe and both baselines on full MNIST over several seeds, through the `siamese-nb` command.

    python bench/recipes_bench.py                                   # everything: about two hours on 2 CPU cores
    python bench/recipes_bench.py --recipes best --seeds 0          # one part; later parts add to runs/bench
    python bench/recipes_bench.py --reuse                           # rebuild the tables from the runs already there
    python bench/recipes_bench.py --unseen-seeds 0                  # the unseen-class runs with one seed only (saves ~45 min)
    python bench/recipes_bench.py --recipes transfer --keep bench/results.json   # new runs, and the earlier file's other runs kept
    python bench/recipes_bench.py --recipes --unseen-recipes best --unseen-seeds 2 --keep bench/results.json   # one unseen-class run added

Each run is `siamese-nb train --recipe NAME --seed S --data DATA --out OUT/NAME/seedS`; the unseen-class protocol
trains separate models with `--holdout-classes 5 6 7 8 9 --val-classes 3 4` into OUT/unseen/NAME/seedS: labels of 0-4 only, trained
on 0-2, the epoch and threshold chosen on validation pairs about digits 3 and 4 (never trained on), tested on 5-9 (never read before).
`transfer+unlabelled` is `transfer` with `--unlabelled data`: it also sees the training images of all ten digits without labels. `ranknet-cnn` runs the first
seed only (its classic CNN takes about ten minutes per run on two cores). A failed run is reported, marked failed in
the results, and the bench goes on. --reuse skips every run whose metrics.json exists, so the whole benchmark can be
built in parts (--recipes, --seeds) and assembled at the end by one `--reuse` run over everything.

Writes bench/results.json (schema 2: provenance, every run's raw metrics and history, per-recipe aggregates, the
time-to-match comparison; see bench/report.py) and bench/results.md, and prints the tables.
Results only cover the runs of this invocation: assemble the final file with the full recipe and seed lists.
"""
import argparse, json, os, platform, re, shutil, subprocess, sys, threading, time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from report import summarise, results_table, time_to_match_table, summary_sentences

ROOT = Path(__file__).resolve().parents[1]
RECIPES = ['transfer', 'best', 'classifier', 'pixels', 'contrastive-mlp', 'embedding-mlp', 'augmented-l1', 'ranknet-fast', 'ranknet-cnn']
UNSEEN = ['transfer', 'transfer+unlabelled', 'pixels', 'contrastive-mlp', 'embedding-mlp', 'classifier', 'best']
VARIANTS = {'transfer+unlabelled': ('transfer', ['--unlabelled', 'data'])}   # a row that is a recipe plus options (unseen protocol only)
SINGLE_SEED = ['ranknet-cnn']  # run with the first seed only, for its run time
HOLDOUT = [5, 6, 7, 8, 9]
VAL_CLASSES = [3, 4]  # unseen protocol: trained on 0-2, validated on 3 and 4 (epoch and threshold chosen on classes never trained on)

def command() -> str:
    "The installed `siamese-nb` command beside this Python, else the one on PATH."
    exe = Path(sys.executable).parent/'siamese-nb'
    return str(exe) if exe.is_file() else shutil.which('siamese-nb') or sys.exit('no siamese-nb command found; pip install -e .')

def plan(a) -> list:
    "The (recipe, seed, protocol) of every run to do, in order: all-class runs first, then the unseen-class runs."
    seeds = lambda n: a.seeds[:1] if n in SINGLE_SEED else a.seeds
    runs = [(n, s, 'all') for n in a.recipes for s in seeds(n)]
    if not a.no_unseen: runs += [(n, s, 'unseen') for s in unseen_seeds(a) for n in a.unseen_recipes]   # seed by seed: every row gets its first seed first
    return runs

def unseen_seeds(a) -> list:
    "The seeds of the unseen-class runs: --unseen-seeds, else the seeds."
    return a.seeds if a.unseen_seeds is None else a.unseen_seeds

def run_dir(out:Path, recipe:str, seed:int, protocol:str) -> Path:
    return (out/'unseen' if protocol == 'unseen' else out)/recipe/f'seed{seed}'

def read_json(path:Path):
    return json.loads(path.read_text()) if path.is_file() else None

def read_run(d:Path) -> dict:
    "A run folder's metrics (roc_curve split off), history as columns, and timing."
    m = read_json(d/'metrics.json') or {}; h = read_json(d/'history.json') or []
    state = read_json(d/'checkpoint'/'state.json') or {}
    if m.get('examples_seen') is None and h: m['examples_seen'] = h[-1].get('examples')     # cumulative, from training
    if m.get('example_kind') is None: m['example_kind'] = state.get('example_kind', 'images' if m.get('examples_seen') == 0 else None)
    keys = list(dict.fromkeys(k for r in h for k in r))
    return {'metrics': m, 'roc_curve': m.pop('roc_curve', None), 'history': {k: [r.get(k) for r in h] for k in keys},
            'timing': read_json(d/'timing.json'), 'load': read_json(d/'load.json'),
            'finished': datetime.fromtimestamp((d/'metrics.json').stat().st_mtime, timezone.utc).isoformat(timespec='seconds')}

def train_one(exe:str, recipe:str, seed:int, protocol:str, data:str, d:Path, reuse:bool) -> dict:
    "Run one training (unless `reuse` and it is done) and return its run record; failures are recorded, not raised."
    rec = {'recipe': recipe, 'seed': seed, 'protocol': protocol, 'out': str(d)}
    if reuse and (d/'metrics.json').is_file(): return {**rec, 'status': 'reused', **read_run(d)}
    name, extra = VARIANTS.get(recipe, (recipe, []))
    cmd = [exe, 'train', '--recipe', name, '--seed', str(seed), '--data', data, '--out', str(d), *extra]
    if protocol == 'unseen': cmd += ['--holdout-classes', *map(str, HOLDOUT), '--val-classes', *map(str, VAL_CLASSES)]
    if d.is_dir() and any(d.iterdir()): cmd.append('--overwrite')
    t0 = time.perf_counter(); proc = subprocess.Popen(cmd); loads = sample_load(proc)
    rc = proc.wait(); wall = round(time.perf_counter() - t0, 1)
    if d.is_dir(): (d/'load.json').write_text(json.dumps({'samples': loads, 'wall_seconds': wall}))   # kept for --reuse
    if rc or not (d/'metrics.json').is_file():
        return {**rec, 'status': 'failed', 'wall_seconds': wall, 'error': f'exit status {rc}' if rc else 'no metrics.json written'}
    return {**rec, 'status': 'ok', 'wall_seconds': wall, **read_run(d)}

def sample_load(proc, every:float=10.0) -> list:
    "The 1-minute load average every `every` seconds while `proc` runs (a list that fills in the background)."
    samples = []
    def loop():
        while proc.poll() is None:
            samples.append(round(os.getloadavg()[0], 2)); time.sleep(every)
    threading.Thread(target=loop, daemon=True).start()
    return samples

def version(*names) -> str|None:
    "The installed version of the first distribution found among `names`."
    for n in names:
        try: return metadata.version(n)
        except metadata.PackageNotFoundError: pass
    return None

def provenance() -> dict:
    "Commit (+dirty), library versions, date and machine of this benchmark."
    git = lambda *a: subprocess.run(['git', '-C', str(ROOT), *a], capture_output=True, text=True).stdout.strip()
    cpu = re.search(r'model name\s*:\s*(.+)', Path('/proc/cpuinfo').read_text()) if Path('/proc/cpuinfo').is_file() else None
    dirty = [l for l in git('status', '--porcelain', '--untracked-files=no').splitlines() if not l.split(maxsplit=1)[-1].startswith('bench/results.')]
    return {'commit': git('rev-parse', 'HEAD') + ('+dirty' if dirty else ''),   # the results files it writes itself don't count
            'versions': {'siamese_nb': version('siamese_nb', 'siamese-nb'), 'keras': version('keras'),
                         'tensorflow': version('tensorflow', 'tensorflow-cpu'), 'numpy': version('numpy'),
                         'python': platform.python_version()},
            'date': datetime.now(timezone.utc).isoformat(timespec='seconds'),
            'machine': {'cpu': cpu.group(1).strip() if cpu else platform.processor() or None, 'cores': os.cpu_count(),
                        'platform': platform.platform()}}

def dumps(obj) -> str:
    "JSON with one key per line but lists of numbers kept on one line."
    num = r'(?:-?[\d.]+(?:[eE][-+]?\d+)?|null)'
    return re.sub(rf'\[\s*({num}(?:,\s*{num})*)\s*\]', lambda m: '[' + re.sub(r'\s+', ' ', m.group(1)) + ']',
                  json.dumps(obj, indent=1)) + '\n'

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--recipes', nargs='*', default=RECIPES, help='recipes to run on all ten digits (default: all; none with a bare --recipes, for unseen-class runs only)')
    p.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2], help='seeds (default: 0 1 2; ranknet-cnn the first only)')
    p.add_argument('--unseen-recipes', nargs='*', default=UNSEEN, help='recipes also trained without the digits 5-9')
    p.add_argument('--unseen-seeds', nargs='+', type=int, help='seeds of the unseen-class runs (default: the seeds)')
    p.add_argument('--no-unseen', action='store_true', help='skip the unseen-class runs')
    p.add_argument('--data', default=str(ROOT.parent/'shared'/'data'/'mnist'), help='MNIST source (default: ../shared/data/mnist)')
    p.add_argument('--out', default=str(ROOT/'runs'/'bench'), help='folder for the runs (default: runs/bench)')
    p.add_argument('--reuse', action='store_true', help='skip runs whose metrics.json exists')
    p.add_argument('--collect', action='store_true', help='train nothing: gather the finished runs of the plan (those with metrics.json), leave out the others and say which')
    p.add_argument('--note', help='a sentence about how the runs were made (e.g. a busy machine), printed under the tables')
    p.add_argument('--results', default=str(ROOT/'bench'/'results.json'), help='where to write results.json (results.md beside it)')
    p.add_argument('--keep', metavar='RESULTS', help='keep the runs of this earlier results.json that this invocation does not make (same recipe, seed and protocol), each marked with the commit it ran at')
    a = p.parse_args(argv)
    exe, todo, runs, t0, missing = command(), plan(a), [], time.perf_counter(), []
    for i, (name, seed, protocol) in enumerate(todo, 1):
        d = run_dir(Path(a.out), name, seed, protocol)
        print(f"== [{i}/{len(todo)}] {name} seed {seed}{' (unseen digits held out)' * (protocol == 'unseen')} -> {d}", flush=True)
        if a.collect and not (d/'metrics.json').is_file(): print(f"   not run yet, left out of the results"); missing.append(f"{name} seed {seed} ({protocol})"); continue
        r = train_one(exe, name, seed, protocol, a.data, d, a.reuse or a.collect); runs.append(r)
        what = {'reused': 'reused', 'ok': f"done in {r.get('wall_seconds')} s wall", 'failed': f"FAILED ({r.get('error')})"}[r['status']]
        print(f"   {name} seed {seed}: {what}; {time.perf_counter() - t0:.0f} s elapsed", flush=True)
    if a.keep:
        old = json.loads(Path(a.keep).read_text()); done = {(r['recipe'], r['seed'], r['protocol']) for r in runs}
        kept = [{**r, 'kept_from': r.get('kept_from') or old['commit']} for r in old['runs']
                if (r['recipe'], r['seed'], r['protocol']) not in done and r['status'] != 'failed'
                and (r['protocol'] == 'all' or 'val_classes' in r.get('metrics', {}))]   # older unseen runs had no class-disjoint validation
        print(f"kept {len(kept)} run(s) of {a.keep} (made at {old['commit'][:7]})"); runs = kept + runs
    res = {'schema': 2, **provenance(), 'data': a.data,
           'data_source': sorted({r['metrics'].get('data_source') for r in runs if r.get('metrics')} - {None}),
           'seeds': sorted({r['seed'] for r in runs if r['protocol'] == 'all'}) if a.keep else a.seeds,
           'unseen_seeds': None if a.no_unseen else sorted({r['seed'] for r in runs if r['protocol'] == 'unseen'}), 'single_seed': [n for n in SINGLE_SEED if n in a.recipes or a.keep],
           'holdout_classes': None if a.no_unseen else HOLDOUT, 'val_classes': None if a.no_unseen else VAL_CLASSES, 'note': a.note, 'runs': runs, **summarise(runs)}
    out = Path(a.results); out.write_text(dumps(res))
    md = '\n\n'.join([results_table(res), time_to_match_table(res), summary_sentences(res)])
    out.with_suffix('.md').write_text(f"Commit {res['commit']}, {res['date']}, {res['machine']['cpu']} ({res['machine']['cores']} cores).\n\n{md}\n")
    print('\n' + md + f"\n\nwrote {out} and {out.with_suffix('.md').name}")
    failed = [f"{r['recipe']} seed {r['seed']}{' (unseen)' * (r['protocol'] == 'unseen')}" for r in runs if r['status'] == 'failed']
    if failed: print(f"{len(failed)} run(s) failed: {', '.join(failed)}")
    if missing: print(f"{len(missing)} run(s) of the plan were not made and are not in the results: {', '.join(missing)}")
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
