"""How `EmbeddingIndex`'s search backends scale: build time, queries/s and recall@1 against exact search, for 100k, 1M and 5M
synthetic 64-d embeddings (unit vectors in clusters), on the numpy backend, faiss exact, and the two approximate faiss backends.

    python bench/scale_index.py                 # writes bench/scale_index.json and prints a markdown table (~3 min on 2 cores)
    python bench/scale_index.py --sizes 100000  # a quick look

It calls the index's own search code (`_exact` for numpy, `_faiss_build`/`_faiss_search` for faiss, the functions
`EmbeddingIndex` calls), on embeddings directly: embedding images with a tower is the same for every backend and is not timed.
The notebook (06_evaluation) renders the table from the JSON with `table()`; nothing here runs on import.
"""
import argparse, json, os, platform, sys, time
from pathlib import Path

def clustered(n:int, d:int=64, n_clusters:int=10_000, spread:float=0.6, seed:int=0, chunk:int=500_000):
    "`n` unit vectors in `d` dims around `n_clusters` random centres (noise of norm ~`spread`), float32, made in chunks."
    import numpy as np
    rng = np.random.default_rng(seed)
    c = rng.standard_normal((n_clusters, d), dtype=np.float32); c /= np.linalg.norm(c, axis=1, keepdims=True)
    x = np.empty((n, d), np.float32)
    for s in range(0, n, chunk):
        m = min(chunk, n - s)
        v = c[rng.integers(0, n_clusters, m)] + rng.standard_normal((m, d), dtype=np.float32) * np.float32(spread / np.sqrt(d))
        x[s:s + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return x

def _timed(f, *a):
    t = time.perf_counter(); r = f(*a); return r, time.perf_counter() - t

def run(sizes, n_queries:int, numpy_queries:dict, hnsw_max:int, sweeps:dict) -> dict:
    import numpy as np, faiss
    from siamese_nb.evaluation import _exact, _faiss_build, _faiss_search, FAISS_PARAMS
    t0 = time.time()
    data = clustered(max(sizes) + n_queries)
    q, base_all = data[:n_queries], data[n_queries:]                       # held-out queries from the same distribution
    rows, sweep_rows = [], []
    for n in sizes:
        base = base_all[:n]
        flat, b = _timed(_faiss_build, 'faiss', base, {})
        (d, truth), s = _timed(_faiss_search, flat, q, 1, base); truth = truth[:, 0]
        rows.append(dict(n=n, backend='faiss', build_s=b, queries=n_queries, search_s=s, qps=n_queries / s, recall_at_1=1.0, params={}))
        del flat
        nq = numpy_queries.get(n, n_queries)
        (d_np, i_np), s = _timed(_exact, q[:nq], base, 1)
        rows.append(dict(n=n, backend='numpy', build_s=0.0, queries=nq, search_s=s, qps=nq / s,
                         recall_at_1=float((i_np[:, 0] == truth[:nq]).mean()), params={}))
        print(f"n={n:,}: faiss exact {rows[-2]['qps']:.0f} q/s, numpy {rows[-1]['qps']:.0f} q/s ({time.time() - t0:.0f} s in)", flush=True)
        for backend, knob in (('faiss-hnsw', 'efSearch'), ('faiss-ivf', 'nprobe')):
            if backend == 'faiss-hnsw' and n > hnsw_max: continue
            params = dict(FAISS_PARAMS[backend])
            ix, b = _timed(_faiss_build, backend, base, params)
            for v in sorted(set(sweeps[knob]) | {params[knob]}):
                if backend == 'faiss-hnsw': ix.hnsw.efSearch = v
                else: ix.nprobe = min(v, ix.nlist)
                (_, i), s = _timed(_faiss_search, ix, q, 1, base)
                r = dict(n=n, backend=backend, build_s=b, queries=n_queries, search_s=s, qps=n_queries / s,
                         recall_at_1=float((i[:, 0] == truth).mean()), params={**params, knob: v, **({'nlist': ix.nlist} if backend == 'faiss-ivf' else {})})
                (rows if v == params[knob] else sweep_rows).append(r)
                print(f"n={n:,}: {backend} {knob}={v} build {b:.1f} s, {r['qps']:.0f} q/s, recall@1 {r['recall_at_1']:.4f} ({time.time() - t0:.0f} s in)", flush=True)
            del ix
    return dict(rows=rows, sweep=sweep_rows, wall_s=time.time() - t0)

def machine() -> dict:
    import numpy as np, faiss
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor()) if Path('/proc/cpuinfo').exists() else platform.processor()
    return dict(date=time.strftime('%Y-%m-%d %H:%M %Z'), cpu=cpu, cores=os.cpu_count(), load_average=os.getloadavg(), python=platform.python_version(),
                numpy=np.__version__, faiss=faiss.__version__, faiss_threads=faiss.omp_get_max_threads(), platform=platform.platform())

def table(res:dict) -> str:
    "The default-setting rows as a markdown table, with each figure's growth from the previous size."
    rows, out = res['rows'], ["| references | backend | build s | queries/s | recall@1 vs exact | settings |", "|---:|---|---:|---:|---:|---|"]
    order = ['numpy', 'faiss', 'faiss-hnsw', 'faiss-ivf']
    for n in sorted({r['n'] for r in rows}):
        for r in sorted((r for r in rows if r['n'] == n), key=lambda r: order.index(r['backend'])):
            prev = [p for p in rows if p['backend'] == r['backend'] and p['n'] < n]
            grow = lambda k: f" (×{r[k] / prev[-1][k]:.2g})" if prev and prev[-1][k] > 0 and r[k] > 0 else ''
            q = f"{r['qps']:,.0f}{grow('qps')}" + (f" ({r['queries']:,} queries)" if r['queries'] != res['queries'] else '')
            out.append(f"| {n:,} | {r['backend']} | {r['build_s']:.1f}{grow('build_s')} | {q} | {r['recall_at_1']:.4f} | "
                       f"{', '.join(f'{k}={v}' for k, v in r['params'].items())} |")
    return '\n'.join(out)

def caption(res:dict) -> str:
    "What the table measured, and on which machine, in a line."
    m, d = res['machine'], res['data']
    return (f"{res['queries']:,} held-out queries, k = 1, recall@1 against faiss's exact answer; {d['d']}-d {d['kind']} ({d['n_clusters']:,} centres). "
            f"{m['cpu']}, {m['cores']} cores (load average {m['load_average'][0]:.1f} at the start), faiss {m['faiss']}, numpy {m['numpy']}; {m['date']}.")

def goals(res:dict) -> str:
    "The two goals for the faiss backends, each met or missed with the measured figures, as a markdown list."
    rows = res['rows'] + res.get('sweep', [])
    get = lambda n, b: next((r for r in res['rows'] if r['n'] == n and r['backend'] == b), None)
    out = []
    npy, fx = get(1_000_000, 'numpy'), get(1_000_000, 'faiss')
    if npy and fx:
        x = fx['qps'] / npy['qps']
        out.append(f"- Exact faiss at least 5× numpy's queries/s at 1,000,000 references: **{'met' if x >= 5 else 'missed'}**: "
                   f"{fx['qps']:,.0f} against {npy['qps']:,.0f} queries/s ({x:.1f}×).")
    fx5 = get(5_000_000, 'faiss')
    if fx5:
        ok = [r for r in rows if r['n'] == 5_000_000 and r['backend'] in ('faiss-hnsw', 'faiss-ivf') and r['recall_at_1'] >= 0.99]
        if ok:
            b = max(ok, key=lambda r: r['qps']); x = b['qps'] / fx5['qps']
            out.append(f"- An approximate index with recall@1 ≥ 0.99 at 20× exact faiss's queries/s at 5,000,000: **{'met' if x >= 20 else 'missed'}**: "
                       f"the fastest such setting ({b['backend']}, {', '.join(f'{k}={v}' for k, v in b['params'].items())}) answers {b['qps']:,.0f} queries/s "
                       f"at recall@1 {b['recall_at_1']:.3f}, {x:.1f}× exact faiss's {fx5['qps']:,.0f}.")
    return '\n'.join(out)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--sizes', type=int, nargs='+', default=[100_000, 1_000_000, 5_000_000])
    p.add_argument('--queries', type=int, default=1000, help='held-out query vectors')
    p.add_argument('--numpy-queries-5m', type=int, default=None, help='queries for numpy at 5M (default: --queries; fewer for a quick look)')
    p.add_argument('--hnsw-max', type=int, default=100_000, help='largest size to build HNSW at (its build grows as n log n: minutes per million on 2 cores)')
    p.add_argument('--out', default=str(Path(__file__).with_name('scale_index.json')))
    a = p.parse_args()
    res = dict(machine=machine(), queries=a.queries, data=dict(d=64, n_clusters=10_000, spread=0.6, seed=0, kind='unit vectors around random unit centres'),
               **run(a.sizes, a.queries, {5_000_000: a.numpy_queries_5m} if a.numpy_queries_5m else {}, a.hnsw_max, dict(efSearch=[32, 128], nprobe=[16, 32, 128, 256])))
    Path(a.out).write_text(json.dumps(res, indent=1) + '\n')
    print(table(res)); print(goals(res))
