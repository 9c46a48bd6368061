"""Training from a folder of images larger than memory: peak memory and speed of `siamese-nb train --data FOLDER`, read lazily and in memory.

    python bench/scale.py                                      # 200,000 JPEGs at 128×128: writes bench/scale.json, prints the table (~25 min on 2 cores)
    python bench/scale.py --n 3000 --results /tmp/scale.json   # a quick try

The folder is made here, once (kept under --work and reused while --n, --size and --seed stay the same): MNIST digits (the
training and test images, each used several times), upscaled to --size and coloured — random dark ink on random light paper — saved
as JPEGs in one sub-folder per digit. Then `siamese-nb train --recipe best --data FOLDER --image-size SIZE --epochs 1 --steps STEPS`
runs three times, each a subprocess of its own:

- `lazy, building the cache`: no cache on disk yet; the run decodes the folder once into the memory-mapped cache
  ($SIAMESE_NB_CACHE, here under --work), then trains from it. The build is timed from the cache file's appearance to its meta.json.
- `lazy`: the cache built; what every later run on the folder costs.
- `in memory`: `SIAMESE_NB_LAZY=0`, the folder decoded into memory, as `read_image_folder` does below LAZY_ABOVE. When that run does
  not finish (the folder does not fit), it runs again on the first --memory-n images, for the in-memory images/s.

Above LAZY_ABOVE the lazy runs are the default; below it (a small --n) they are asked for with `SIAMESE_NB_LAZY=1`. Each run is
watched through /proc every 0.2 s: the resident memory (RSS) of its whole process tree, how much of it is anonymous (the process's
own) and how much mapped files (the cache's pages and the libraries'; the kernel can drop those), split into phases by the files the
run writes (the cache file, its meta.json, history.json at the end of training: after it, `train` evaluates the model). A run is
stopped, and said to be, when the machine's available memory falls below --guard-gb, before the kernel's OOM killer picks a
process. Training images/s is read from the run's history.json: images after the first validation point (batch 10) over the
training seconds since, so the XLA compile of the first step is not counted (validation passes never are). Writes --results (JSON:
provenance, the folder, every run) and prints the table; `table()` and `goals()` render the JSON as markdown for
nbs/09_own_images.ipynb and the README. Nothing runs on import.
"""
import argparse, glob, json, os, platform, re, shutil, signal, subprocess, sys, threading, time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_RSS_GB, GOAL_SPEED = 3.0, 0.8             # the goals: peak RSS from the folder, lazy images/s as a fraction of in-memory's
RUNS = {'building': 'lazy, building the cache', 'lazy': 'lazy, the cache built', 'memory': 'in memory'}

# --- the folder -----------------------------------------------------------------------------------------------------------------
def make_folder(root:Path, n:int, size:int, seed:int, source:str|None, quality:int=90) -> dict:
    "Write `n` coloured `size`×`size` JPEGs of MNIST digits into `root/<digit>/`; returns what was made and how long it took."
    import numpy as np
    from PIL import Image
    from siamese_nb.data import load_mnist
    t0 = time.perf_counter()
    ((xa, ya), (xb, yb)), desc = load_mnist(source, with_source=True)
    x, y = np.concatenate([xa, xb]), np.concatenate([ya, yb])
    rng = np.random.default_rng(seed)
    pick = np.concatenate([rng.permutation(len(x)) for _ in range(-(-n // len(x)))])[:n]   # every digit once before any twice
    ink = rng.integers(0, 110, (n, 3)).astype(np.float32)                                   # dark ink ...
    paper = rng.integers(150, 256, (n, 3)).astype(np.float32)                               # ... on light paper, both coloured
    tmp = root.with_name(root.name + '.part'); shutil.rmtree(tmp, ignore_errors=True)
    for c in range(10): (tmp/str(c)).mkdir(parents=True)
    for k, i in enumerate(pick):
        a = np.asarray(Image.fromarray(x[i]).resize((size, size), Image.Resampling.BILINEAR), np.float32)[..., None] / 255
        img = (a * ink[k] + (1 - a) * paper[k]).round().astype(np.uint8)
        Image.fromarray(img).save(tmp/str(int(y[i]))/f'{k:06d}.jpg', quality=quality)
        if (k + 1) % max(1, n // 10) == 0: print(f"made {k + 1:,}/{n:,} images ({time.perf_counter() - t0:.0f} s)", flush=True)
    shutil.rmtree(root, ignore_errors=True); os.replace(tmp, root)
    return dict(n=n, size=size, seed=seed, quality=quality, source=desc, made_s=time.perf_counter() - t0)

def du(path:Path) -> int:
    "Bytes that `path` (a file, or a folder and everything under it) takes on disk."
    path = Path(path)
    if not path.exists(): return 0
    files = [path] if path.is_file() else [Path(d)/f for d, _, fs in os.walk(path) for f in fs]
    return sum(f.lstat().st_blocks * 512 for f in files)

# --- watching a run -------------------------------------------------------------------------------------------------------------
def _tree(root:int) -> list:
    "The process `root` and all its descendants, from /proc."
    kids = {}
    for d in os.listdir('/proc'):
        if not d.isdigit(): continue
        try: stat = Path(f'/proc/{d}/stat').read_text()
        except OSError: continue
        kids.setdefault(int(stat.rsplit(')', 1)[1].split()[1]), []).append(int(d))
    out, todo = [], [root]
    while todo: p = todo.pop(); out.append(p); todo += kids.get(p, [])
    return out

def _status_kb(pid:int, keys=('VmRSS', 'RssAnon', 'RssFile', 'RssShmem')) -> dict:
    "Those fields of /proc/PID/status, in kB (missing: the process is gone)."
    try: text = Path(f'/proc/{pid}/status').read_text()
    except OSError: return {}
    return {k: int(v) for k, v in re.findall(r'^(\w+):\s+(\d+) kB', text, re.M) if k in keys}

def _meminfo_kb(key:str='MemAvailable') -> int:
    return int(re.search(rf'^{key}:\s+(\d+) kB', Path('/proc/meminfo').read_text(), re.M).group(1))

def watch(cmd:list, env:dict, log:Path, marks:dict, first:str='start', guard_gb:float=1.0, every:float=0.2, end_at:str|None=None) -> dict:
    """Run `cmd` to its end, sampling every `every` s the RSS of its process tree (anonymous and file-backed parts) and the machine's available
    memory; `marks` (name -> glob pattern, in the order they come) time what the run writes, and split its peaks into phases, each named
    after the last mark seen (`first` before any). Stops the run when available memory falls below `guard_gb`, and, as asked, once
    the mark `end_at` is seen (and, a JSON file, reads whole)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    t0, load = time.perf_counter(), os.getloadavg()[0]
    with open(log, 'w') as f: p = subprocess.Popen(cmd, env=env, stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
    seen, peaks, stopped, low, done, ended = {}, {}, [None], [_meminfo_kb()], threading.Event(), [None]
    def sample():
        while not done.is_set():
            t = time.perf_counter() - t0
            for name, pattern in marks.items():
                if name not in seen and glob.glob(pattern): seen[name] = round(t, 1)
            s = [_status_kb(q) for q in _tree(p.pid)]
            now = dict(rss=sum(x.get('VmRSS', 0) for x in s), anon=sum(x.get('RssAnon', 0) for x in s),
                       file=sum(x.get('RssFile', 0) + x.get('RssShmem', 0) for x in s))
            phase = max(seen, key=seen.get) if seen else first
            for k in ('all', phase):
                if now['rss'] > peaks.get(k, {}).get('rss', -1): peaks[k] = now
            if end_at in seen and ended[0] is None and _whole(marks[end_at]):
                ended[0] = f"ended by bench/scale.py once {end_at} began, as asked"
                try: os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError: pass
            avail = _meminfo_kb(); low[0] = min(low[0], avail)
            if avail < guard_gb * 1e6 and stopped[0] is None:
                stopped[0] = (f"stopped at {now['rss'] / 1e6:.1f} GB RSS, in phase '{phase}': the machine's available memory fell below "
                              f"{guard_gb:g} GB of its {_meminfo_kb('MemTotal') / 1e6:.1f} GB")
                try: os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError: pass
            done.wait(every)
    th = threading.Thread(target=sample, daemon=True); th.start()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0; done.set(); th.join()
    rc = os.waitstatus_to_exitcode(status)
    gb = lambda d: {k: round(v / 1e6, 3) for k, v in d.items()}
    if ended[0]: rc = 0                                                 # ended as asked: not a failure
    return dict(cmd=' '.join(cmd), rc=rc, signal=signal.Signals(-rc).name if rc < 0 else None, stopped=stopped[0], ended=ended[0], wall_s=round(wall, 1),
                peak_rss_gb=gb(peaks['all'])['rss'], peak_anon_gb=gb(peaks['all'])['anon'], peak_file_gb=gb(peaks['all'])['file'],
                phase_peaks_gb={k: gb(v) for k, v in peaks.items() if k != 'all'}, marks_s=seen,
                ru_maxrss_gb=round(usage.ru_maxrss / 1e6, 3), min_available_gb=round(low[0] / 1e6, 3), load_average=[load, os.getloadavg()[0]],
                log=str(log), log_tail=log.read_text(errors='replace').splitlines()[-6:] if rc else None)

def _whole(pattern:str) -> bool:
    "Whether the file `pattern` names exists and, a .json file, parses (it is not half written)."
    try: return bool(f := glob.glob(pattern)) and (not f[0].endswith('.json') or json.loads(Path(f[0]).read_text()) is not None)
    except (OSError, ValueError): return False

def speed(out:Path) -> dict:
    "Training images/s of a run from its history.json: after the first validation point (no XLA compile in it), and over the whole epoch."
    f = Path(out)/'history.json'
    if not f.is_file(): return {}
    h = [r for r in json.loads(f.read_text()) if r.get('examples')]
    if not h: return {}
    first, last = h[0], h[-1]
    steady = (last['examples'] - first['examples']) / (last['seconds'] - first['seconds']) if len(h) > 1 and last['seconds'] > first['seconds'] else None
    t = json.loads((Path(out)/'timing.json').read_text()) if (Path(out)/'timing.json').is_file() else {}
    return dict(images=last['examples'], train_s=last['seconds'], images_per_s=steady, images_per_s_epoch=last['examples'] / last['seconds'],
                steady_from_images=first['examples'] if steady else None, evaluate_s=t.get('evaluate_seconds'))

# --- provenance -----------------------------------------------------------------------------------------------------------------
def _version(*names):
    for n in names:
        try: return metadata.version(n)
        except metadata.PackageNotFoundError: pass

def provenance() -> dict:
    "Commit (+dirty), versions, date and machine."
    git = lambda *a: subprocess.run(['git', '-C', str(ROOT), *a], capture_output=True, text=True).stdout.strip()
    dirty = [l for l in git('status', '--porcelain', '--untracked-files=no').splitlines() if not l.split(maxsplit=1)[-1].startswith('bench/scale.')]
    cpu = re.search(r'model name\s*:\s*(.+)', Path('/proc/cpuinfo').read_text())
    return {'commit': git('rev-parse', 'HEAD') + ('+dirty' if dirty else ''),   # the results file it writes itself doesn't count
            'versions': {'siamese_nb': _version('siamese_nb', 'siamese-nb'), 'keras': _version('keras'), 'tensorflow': _version('tensorflow', 'tensorflow-cpu'),
                         'numpy': _version('numpy'), 'pillow': _version('pillow'), 'python': platform.python_version()},
            'date': datetime.now(timezone.utc).isoformat(timespec='seconds'),
            'machine': {'cpu': cpu.group(1).strip() if cpu else platform.processor() or None, 'cores': os.cpu_count(),
                        'memory_gb': round(_meminfo_kb('MemTotal') / 1e6, 1), 'platform': platform.platform(), 'load_average': os.getloadavg()}}

# --- rendering ------------------------------------------------------------------------------------------------------------------
def _label(r:dict, res:dict) -> str:
    return RUNS[r['name']] + (f", {r['n']:,} images" if r['n'] != res['folder']['n'] else '')

def _outcome(r:dict) -> str:
    "'' for a run that finished, else how it ended."
    if r['stopped']: return r['stopped']
    return f"failed: exit {r['rc']}{' (' + r['signal'] + ')' if r['signal'] else ''}" if r['rc'] else ''

def _memory(res:dict) -> dict|None:
    "The in-memory run that finished (the full folder's, else the smaller one's), or None."
    return next((r for r in res['runs'] if r['name'] == 'memory' and not _outcome(r)), None)

def table(res:dict) -> str:
    "The runs as a markdown table, the folder, the cache and the machine under it."
    f, s, mem = res['folder'], res['settings'], _memory(res)
    out = ["| run | wall | peak RSS | of it anonymous / mapped files | peak RSS until training ended | training images/s | vs in memory |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for r in res['runs']:
        ips = r.get('images_per_s'); x = ips / mem['images_per_s'] if ips and mem and r['name'] != 'memory' else None
        train = max((v['rss'] for k, v in r['phase_peaks_gb'].items() if k != 'evaluating'), default=None)
        out.append(f"| {_label(r, res)}{' (stopped)' if r['stopped'] else ' (failed)' if r['rc'] else ' (training only)' if r.get('ended') else ''} | {r['wall_s'] / 60:.1f} min | "
                   f"{r['peak_rss_gb']:.2f} GB | {r['peak_anon_gb']:.2f} / {r['peak_file_gb']:.2f} GB | {f'{train:.2f} GB' if train is not None else '–'} | "
                   f"{f'{ips:.0f}' if ips else '–'} | {f'{x:.0%}' if x else '–'} |")
    notes = [f"- {_label(r, res)}: {_outcome(r)}" for r in res['runs'] if _outcome(r)]
    b = next((r for r in res['runs'] if r['name'] == 'building' and {'caching', 'training'} <= set(r['marks_s'])), None)
    build = f"{',' if f.get('cache_bytes') else ', the disk cache'} built in {(b['marks_s']['training'] - b['marks_s']['caching']) / 60:.1f} min in the first lazy run" if b else ''
    m = res['provenance']['machine']
    evaluated = any(not r.get('ended') and 'evaluating' in r['phase_peaks_gb'] for r in res['runs'])
    ended = ('; runs marked *training only* were ended there' + (", the evaluation being the lazy run's" if evaluated else '')) if any(r.get('ended') for r in res['runs']) else ''
    cache_txt = f", the cache {f['cache_bytes'] / 1e9:.2f} GB on disk" if f.get('cache_bytes') else ''
    n_eval = f"; validation on {s['n_val']:,} images, then evaluation on {s['n_test']:,} test images against {s['n_train'] + s['n_val']:,} training ones" if s.get('n_val') and s.get('n_test') else ''
    return '\n'.join(out + [''] + notes + ([''] if notes else []) + [
        f"{f['n']:,} JPEGs of {f['size']}×{f['size']} colour digits in {len(f['classes'])} class folders, {f['disk_bytes'] / 1e9:.2f} GB on disk "
        f"(made in {f['made_s'] / 60:.1f} min); decoded {f['decoded_bytes'] / 1e9:.2f} GB{cache_txt}{build}. "
        f"Each run: `siamese-nb train --recipe {s['recipe']} --epochs {s['epochs']} --steps {s['steps']} --image-size {f['size']}` "
        f"({s['steps'] * s['batch_size']:,} training images{n_eval}){ended}. RSS: the process tree's resident memory, sampled every 0.2 s; "
        f"mapped files are the pages of the cache and of the libraries, which the kernel can drop and read again. {m['cpu']}, {m['cores']} cores, {m['memory_gb']:g} GB; "
        f"{res['provenance']['date'][:16].replace('T', ' ')} UTC."])

def goals(res:dict) -> str:
    "The issue's two goals, each met or missed with the measured figure, as a markdown list."
    r = {x['name']: x for x in res['runs'] if x['n'] == res['folder']['n']}; mem = _memory(res)
    lazy = [r[k] for k in ('building', 'lazy') if k in r]
    against = ''
    if 'memory' in r: against = f", against {r['memory']['peak_rss_gb']:.2f} GB in memory" + (f" ({_outcome(r['memory'])})" if _outcome(r['memory']) else '')
    if lazy:
        worst = max(lazy, key=lambda x: x['peak_rss_gb'])
        ok = not any(_outcome(x) for x in lazy) and worst['peak_rss_gb'] < GOAL_RSS_GB
        phase = max(worst['phase_peaks_gb'], key=lambda k: worst['phase_peaks_gb'][k]['rss'])
        train = max(max((v['rss'] for k, v in x['phase_peaks_gb'].items() if k != 'evaluating'), default=0) for x in lazy)
        rss = (f"- Peak RSS under {GOAL_RSS_GB:g} GB from the folder: **{'met' if ok else 'missed'}**: {worst['peak_rss_gb']:.2f} GB at most "
               f"({_label(worst, res)}, while {phase}), of it {worst['peak_anon_gb']:.2f} GB the process's own memory and {worst['peak_file_gb']:.2f} GB "
               f"pages of mapped files (the cache, the libraries); {train:.2f} GB at most until training ended{against}.")
    else: rss = f"- Peak RSS under {GOAL_RSS_GB:g} GB from the folder: **not measured** (no lazy run){against}."
    if not mem or 'lazy' not in r or not r['lazy'].get('images_per_s'):
        spd = f"- Training images/s at least {GOAL_SPEED:.0%} of in-memory's once the cache is built: **not measured** (a run did not finish)."
    else:
        x = r['lazy']['images_per_s'] / mem['images_per_s']
        spd = (f"- Training images/s at least {GOAL_SPEED:.0%} of in-memory's once the cache is built: **{'met' if x >= GOAL_SPEED else 'missed'}**: "
               f"{r['lazy']['images_per_s']:.0f} against {mem['images_per_s']:.0f} images/s ({x:.0%})"
               + (f", in memory on {mem['n']:,} of the images, as the whole folder did not fit" if mem['n'] != res['folder']['n'] else '') + '.')
    return rss + '\n' + spd

def evaluation(res:dict) -> str:
    "A sentence on what evaluating cost in the runs that evaluated (`--full`): peak memory while evaluating against until training ended, and the time."
    out = []
    for r in res['runs']:
        ev = r['phase_peaks_gb'].get('evaluating')
        if not ev or r.get('ended') or _outcome(r): continue
        train = max((v['rss'] for k, v in r['phase_peaks_gb'].items() if k != 'evaluating'), default=None)
        s = res['settings']; t = r.get('evaluate_s')
        out.append(f"A whole run with evaluation ({_label(r, res)}) on a folder of {res['folder']['n']:,} such images: evaluating {s['n_test']:,} test images against {s['n_train'] + s['n_val']:,} training ones"
                   f"{f' took {t / 60:.1f} min and' if t else ''} peaked at {ev['rss']:.2f} GB RSS ({ev['anon']:.2f} GB the process's own), "
                   f"against {train:.2f} GB until training ended")
    return '; '.join(out) + '.' if out else ''

# --- the benchmark --------------------------------------------------------------------------------------------------------------
def subset(folder:Path, n:int) -> Path:
    "A folder of links to the first `n` / classes images of each class folder of `folder` (for an in-memory run that fits)."
    out = folder.with_name(f'{folder.name}_first{n}')
    if not out.is_dir():
        tmp = out.with_name(out.name + '.part'); shutil.rmtree(tmp, ignore_errors=True)
        classes = sorted(d for d in folder.iterdir() if d.is_dir())
        for c in classes:
            (tmp/c.name).mkdir(parents=True)
            for f in sorted(c.iterdir())[:-(-n // len(classes))]: (tmp/c.name/f.name).symlink_to(f)
        os.replace(tmp, out)
    return out

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--n', type=int, default=200_000, help='images in the folder (default: 200,000)')
    p.add_argument('--size', type=int, default=128, help='their side in pixels (default: 128)')
    p.add_argument('--seed', type=int, default=0, help='seed of the folder (which digits, which colours)')
    p.add_argument('--data', default=os.environ.get('SIAMESE_NB_DATA'), help='the MNIST the digits come from (default: $SIAMESE_NB_DATA, then Keras, then the sample)')
    p.add_argument('--steps', type=int, default=30, help='training batches in the one epoch (default: 30)')
    p.add_argument('--runs', nargs='+', choices=['building', 'lazy', 'memory'], default=['building', 'lazy', 'memory'], help='which runs, in this order (default: all three)')
    p.add_argument('--memory-n', type=int, default=50_000, help='when the in-memory run does not finish: run it again on this many of the images (default: 50,000), for its images/s')
    p.add_argument('--work', default=str(Path(os.environ.get('TMPDIR', '/tmp'))/'siamese_nb_scale'), help='where the folder, the cache and the runs go')
    p.add_argument('--full', nargs='*', default=['lazy'], choices=['building', 'lazy', 'memory'],
                   help="runs that also evaluate the model, as train does after training (default: lazy only; the others end with training: "
                        "their evaluation is the lazy run's, or, in memory, what it measures is training)")
    p.add_argument('--guard-gb', type=float, default=1.0, help="stop a run when the machine's available memory falls below this (default: 1 GB)")
    p.add_argument('--resume', action='store_true', help="keep the runs an interrupted invocation with the same --n, --size, --seed and --steps finished, and run the rest")
    p.add_argument('--keep-cache', action='store_true', help='leave the cache on disk afterwards (default: removed; a lazy run rebuilds it)')
    p.add_argument('--results', default=str(Path(__file__).with_name('scale.json')), help='the results file (default: bench/scale.json)')
    a = p.parse_args(argv)
    from siamese_nb.data import LAZY_ABOVE
    work = Path(a.work); work.mkdir(parents=True, exist_ok=True)
    folder = work/f'digits_{a.n}x{a.size}px_seed{a.seed}'; made = folder.with_name(folder.name + '.json')
    info = json.loads(made.read_text()) if made.is_file() and folder.is_dir() else None
    reused = info is not None
    if not reused:
        print(f"making {folder} ...", flush=True)
        info = make_folder(folder, a.n, a.size, a.seed, a.data); made.write_text(json.dumps(info, indent=1) + '\n')
    print(f"the folder {folder}: {a.n:,} images, made in {info['made_s'] / 60:.1f} min{' (earlier: reused)' if reused else ''}", flush=True)
    decoded = a.n * a.size * a.size * 3
    cache = work/'cache'; base = {**os.environ, 'SIAMESE_NB_CACHE': str(cache), 'TF_CPP_MIN_LOG_LEVEL': '3', 'PYTHONUNBUFFERED': '1'}
    base.pop('SIAMESE_NB_LAZY', None)
    lazy_env = {} if decoded > LAZY_ABOVE else {'SIAMESE_NB_LAZY': '1'}              # above LAZY_ABOVE the default is lazy
    exe = Path(sys.executable).with_name('siamese-nb')
    cli = [str(exe)] if exe.is_file() else [sys.executable, '-m', 'siamese_nb.cli']
    partial = work/f'{folder.name}_steps{a.steps}.partial.json'           # the runs so far, written after each: --resume goes on from them
    runs = json.loads(partial.read_text()) if a.resume and partial.is_file() else []
    have = {(r['name'], r['n']) for r in runs}
    todo = [(name, folder, a.n) for name in a.runs if (name, a.n) not in have]
    if any(r['name'] == 'memory' and r['n'] == a.n and r['rc'] for r in runs) and a.memory_n < a.n and ('memory', a.memory_n) not in have:
        todo.append(('memory', subset(folder, a.memory_n), a.memory_n))
    if runs: print(f"kept {len(runs)} run(s) of {partial}: {', '.join(r['name'] + ' ' + format(r['n'], ',') for r in runs)}", flush=True)
    if ('lazy', folder, a.n) in todo and ('building', folder, a.n) not in todo and not glob.glob(str(cache/'folders'/'*'/'meta.json')):
        sys.exit(f"no cache in {cache} for the lazy run to read: run again without --resume, or with --runs building lazy ...")
    git = lambda *c: subprocess.run(['git', '-C', str(ROOT), *c], capture_output=True, text=True).stdout.strip()
    while todo:
        name, data, n = todo.pop(0)
        if name == 'building': shutil.rmtree(cache, ignore_errors=True)
        env = {**base, **(lazy_env if name in ('building', 'lazy') else {'SIAMESE_NB_LAZY': '0'})}
        out = work/'runs'/(name if n == a.n else f'{name}_{n}')
        cmd = cli + ['train', '--recipe', 'best', '--data', str(data), '--image-size', str(a.size), '--epochs', '1', '--steps', str(a.steps),
                     '--seed', '0', '--out', str(out), '--overwrite']
        marks = {'caching': str(cache/'folders'/'*'/'images.u8'), 'training': str(cache/'folders'/'*'/'meta.json')} if name == 'building' else {}
        marks['evaluating'] = str(out/'history.json')
        print(f"== {RUNS[name]}, {n:,} images: {' '.join(f'{k}={v}' for k, v in env.items() if k == 'SIAMESE_NB_LAZY')} {' '.join(cmd[len(cli):])}", flush=True)
        shutil.rmtree(out, ignore_errors=True)
        r = {'name': name, 'n': n, 'env': {k: env[k] for k in ('SIAMESE_NB_LAZY',) if k in env}, 'commit': git('rev-parse', 'HEAD'),
             **watch(cmd, env, work/'logs'/f'{out.name}.log', marks, 'listing' if name == 'building' else 'training', a.guard_gb,
                     end_at=None if name in a.full else 'evaluating')}
        r.update(speed(out) if r['rc'] == 0 else {})
        if name == 'building': r['cache_bytes'] = du(cache)                  # measured now: a later invocation may find the cache removed
        runs.append(r); partial.write_text(json.dumps(runs, indent=1) + '\n')
        print(json.dumps({k: v for k, v in r.items() if k not in ('cmd', 'log_tail')}), flush=True)
        if r['log_tail']: print('\n'.join(r['log_tail']), flush=True)
        if name == 'memory' and r['rc'] and n == a.n and a.memory_n < a.n: todo.append(('memory', subset(folder, a.memory_n), a.memory_n))
    done = [work/'runs'/r['name'] for r in runs if r['rc'] == 0 and r['n'] == a.n]
    state = next((json.loads((d/'checkpoint'/'state.json').read_text()) for d in done if (d/'checkpoint'/'state.json').is_file()), {})
    metrics = next((json.loads((d/'metrics.json').read_text()) for d in done if (d/'metrics.json').is_file()), {})
    res = {'provenance': provenance(),
           'settings': {'recipe': 'best', 'epochs': 1, 'steps': a.steps, 'batch_size': 128, 'n_train': state.get('n_train'), 'n_val': state.get('n_val'),
                        'n_test': metrics.get('n_test_images') or (a.n - state['n_train'] - state['n_val'] if state else None), 'guard_gb': a.guard_gb, 'lazy_above_gb': LAZY_ABOVE / 1e9,
                        'lazy_by': 'default (decoded size above LAZY_ABOVE)' if not lazy_env else 'SIAMESE_NB_LAZY=1'},
           'folder': {**info, 'classes': sorted(d.name for d in folder.iterdir() if d.is_dir()), 'disk_bytes': du(folder), 'decoded_bytes': decoded,
                      'cache_bytes': du(cache) or max((r.get('cache_bytes') or 0 for r in runs), default=0)},
           'runs': runs}
    if not a.keep_cache: shutil.rmtree(cache, ignore_errors=True)
    Path(a.results).write_text(json.dumps(res, indent=1) + '\n')
    print(table(res)); print(); print(goals(res))

if __name__ == '__main__': main()
