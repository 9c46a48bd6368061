"""Train every recipe on full MNIST with its defaults, through the `siamese-nb` command, and print one table.

Usage: python bench/recipes_bench.py [--data ../shared/data/mnist] [--recipes best contrastive-mlp ...] [--out runs/bench] [--reuse]
Writes OUT/<recipe>/{model.keras,metrics.json,history.json,learning_curves.png} and bench/results.{json,md}.
--reuse skips recipes whose metrics.json already exists (to rebuild the table).
"""
import argparse, json, os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.974

def time_to(history, key='val_pair_accuracy', target=TARGET):
    "Cumulative training seconds at the first epoch whose validation accuracy reaches `target`, or None."
    return next((h['seconds'] for h in history if h.get(key, 0) >= target), None)

def row(name, out):
    m = json.loads((out/'metrics.json').read_text()); h = json.loads((out/'history.json').read_text())
    return dict(recipe=name, epochs=len(h), train_seconds=h[-1]['seconds'], seconds_to_974=time_to(h),
                final_val_pair_accuracy=h[-1].get('val_pair_accuracy'), pair_accuracy=m['pair_accuracy'],
                oneshot_accuracy=m['oneshot_accuracy'], knn_accuracy=m['knn_accuracy'], roc_auc=m['roc_auc'],
                eer=m['eer'], ranking_accuracy=m.get('ranking_accuracy'), data_source=m['data_source'])

def fmt(v, p=4): return '–' if v is None else f'{v:.{p}f}' if isinstance(v, float) else str(v)

def markdown(rows):
    head = '| recipe | epochs | train s | s to 0.974 val | pair acc | one-shot (10-way) | 1-NN | ROC AUC | ranking acc |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
    return head + ''.join(f"| `{r['recipe']}` | {r['epochs']} | {r['train_seconds']:.0f} | {fmt(r['seconds_to_974'], 0) if r['seconds_to_974'] is not None else 'not reached' if r['final_val_pair_accuracy'] is not None else 'n/a (ranking)'} "
                          f"| {fmt(r['pair_accuracy'])} | {fmt(r['oneshot_accuracy'])} | {fmt(r['knn_accuracy'])} | {fmt(r['roc_auc'])} | {fmt(r['ranking_accuracy'])} |\n" for r in rows)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', default=str(ROOT.parent/'shared'/'data'/'mnist'))
    p.add_argument('--recipes', nargs='*', default=['best', 'contrastive-mlp', 'embedding-mlp', 'augmented-l1', 'ranknet-cnn'])
    p.add_argument('--out', default=str(ROOT/'runs'/'bench'))
    p.add_argument('--reuse', action='store_true')
    a = p.parse_args()
    exe = Path(sys.executable).parent/'siamese-nb'
    rows = []
    for name in a.recipes:
        out = Path(a.out)/name
        if not (a.reuse and (out/'metrics.json').is_file()):
            t0 = time.time(); print(f'== {name}', flush=True)
            r = subprocess.run([str(exe), 'train', '--recipe', name, '--data', a.data, '--out', str(out)])
            if r.returncode: sys.exit(f'{name} failed with exit status {r.returncode}')
            print(f'   {name}: {time.time() - t0:.0f}s wall including evaluation', flush=True)
        rows.append(row(name, out))
    md = markdown(rows); print(); print(md)
    best = next((r for r in rows if r['recipe'] == 'best'), None)
    checks = []
    if best:
        for other in ('contrastive-mlp', 'embedding-mlp'):
            o = next((r for r in rows if r['recipe'] == other), None)
            if o and best['seconds_to_974'] is not None:
                ratio = o['train_seconds'] / best['seconds_to_974']
                checks.append(f"best reaches {TARGET} validation pair accuracy in {best['seconds_to_974']:.0f}s; {other} needs {o['train_seconds']:.0f}s to its final accuracy: {ratio:.1f}x ({'meets' if ratio >= 5 else 'MISSES'} the 5x target)")
    for c in checks: print(c)
    res = ROOT/'bench'/'results.json'
    old = {r['recipe']: r for r in json.loads(res.read_text())['rows']} if res.is_file() else {}
    old.update({r['recipe']: r for r in rows})
    order = ['best', 'contrastive-mlp', 'embedding-mlp', 'augmented-l1', 'ranknet-cnn']
    allrows = sorted(old.values(), key=lambda r: order.index(r['recipe']) if r['recipe'] in order else 99)
    res.write_text(json.dumps({'machine': f'{os.cpu_count()} CPU cores', 'rows': allrows, 'checks': checks}, indent=1))
    (ROOT/'bench'/'results.md').write_text(markdown(allrows))
    print(f'wrote {res} and results.md')
