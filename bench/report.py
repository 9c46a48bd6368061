"""Tables and sentences from the recipe benchmark's `bench/results.json` (schema 2), with no TensorFlow import.

    python bench/report.py [bench/results.json]     # prints the results table, the time-to-match table and the summary

`recipes_bench.py` calls `summarise(runs)` to fill the aggregates it stores, and `nbs/index.ipynb` displays
`results_table(res)`, `time_to_match_table(res)` and `summary_sentences(res)`; `tools/make_readme.py --check`
verifies that README.md holds exactly these three renderings of the committed results.json.
A run record (an element of `res['runs']`) is: recipe, seed, protocol ('all' or 'unseen'), status ('ok', 'reused' or
'failed'), metrics (metrics.json without its roc_curve), history (history.json as columns: key -> list), timing.
"""
import json, statistics, sys
from pathlib import Path

BASELINES = ('classifier', 'pixels')
ORDER = ('best', 'contrastive-mlp', 'embedding-mlp', 'augmented-l1', 'ranknet-cnn') + BASELINES
CLASSICS = ('contrastive-mlp', 'embedding-mlp', 'augmented-l1', 'ranknet-cnn')
# key in the aggregates, table header, name in sentences, decimals, higher is better
COLUMNS = [('pair_accuracy', 'pair acc', 'pair accuracy', 4, True),
           ('oneshot_accuracy', 'one-shot', 'one-shot accuracy', 3, True),
           ('knn_accuracy', '1-NN', '1-NN accuracy', 4, True),
           ('map_at_r', 'MAP@R', 'MAP@R', 4, True),
           ('roc_auc', 'ROC AUC', 'ROC AUC', 4, True),
           ('eer', 'EER', 'equal error rate (lower is better)', 4, False),
           ('ranking_accuracy', 'ranking acc', 'ranking accuracy', 4, True),
           ('unseen_oneshot_accuracy', 'unseen one-shot', 'one-shot accuracy on unseen digits', 3, True),
           ('unseen_knn_accuracy', 'unseen 1-NN', '1-NN accuracy on unseen digits', 4, True)]
UNSEEN_ONLY = ('unseen_pair_accuracy', 'unseen_roc_auc')  # aggregated and stored, not tabulated

# ---- aggregation (used by recipes_bench.py when it writes results.json) ----

def mean_sd(values) -> dict|None:
    "{'mean', 'sd' (sample sd, None for one value), 'n'} of the values that are not None, or None if there are none."
    v = [float(x) for x in values if x is not None]
    if not v: return None
    return {'mean': statistics.fmean(v), 'sd': statistics.stdev(v) if len(v) > 1 else None, 'n': len(v)}

def ok_runs(runs:list, recipe:str, protocol:str='all') -> list:
    "The successful runs of `recipe` under `protocol`, by seed."
    return sorted((r for r in runs if r['recipe'] == recipe and r['protocol'] == protocol and r['status'] != 'failed'),
                  key=lambda r: r['seed'])

def train_seconds(run:dict) -> float|None:
    "Training seconds of a run: timing.json's, else the last history record's."
    t = (run.get('timing') or {}).get('train_seconds')
    if t is None: t = ((run.get('history') or {}).get('seconds') or [None])[-1]
    return t

def _recipe_summary(runs:list, recipe:str) -> dict:
    "Aggregates over the seeds of one recipe, plus seed 0's (or the first seed's) validation curve and ROC curve."
    rs, us = ok_runs(runs, recipe), ok_runs(runs, recipe, 'unseen')
    m = lambda r, k: r['metrics'].get(k)
    s = {'baseline': recipe in BASELINES, 'seeds': [r['seed'] for r in rs], 'unseen_seeds': [r['seed'] for r in us],
         'failed': [[r['protocol'], r['seed']] for r in runs if r['recipe'] == recipe and r['status'] == 'failed'],
         'example_kind': next((m(r, 'example_kind') for r in rs if m(r, 'example_kind')), None),
         'n_way': next((m(r, 'n_way') for r in rs if m(r, 'n_way')), None),
         'unseen_n_way': next((m(r, 'unseen_n_way') for r in us if m(r, 'unseen_n_way')), None),
         'examples_seen': mean_sd(m(r, 'examples_seen') for r in rs),
         'train_seconds': mean_sd(train_seconds(r) for r in rs)}
    for k, *_ in COLUMNS:
        s[k] = mean_sd(m(r, k) for r in (us if k.startswith('unseen_') else rs))
    for k in UNSEEN_ONLY: s[k] = mean_sd(m(r, k) for r in us)
    if rs:
        h = rs[0].get('history') or {}
        s['curve_seed'] = rs[0]['seed']
        s['val_curve'] = {k: h[k] for k in ('seconds', 'val_pair_accuracy', 'val_ranking_accuracy') if k in h}
        s['roc_curve'] = rs[0].get('roc_curve')
    return s

def seconds_to_reach(history:dict, level:float) -> float|None:
    "Cumulative training seconds of the first history record whose val_pair_accuracy is >= `level`, or None."
    return next((t for t, v in zip(history.get('seconds', []), history.get('val_pair_accuracy', []))
                 if v is not None and v >= level), None)

def _time_to_match(runs:list, recipe:str) -> dict:
    "How long `best` (same seed) trains before its validation pair accuracy first reaches `recipe`'s final one."
    best = {r['seed']: r for r in ok_runs(runs, 'best')}
    pairs = []
    for r in ok_runs(runs, recipe):
        level = ((r.get('history') or {}).get('val_pair_accuracy') or [None])[-1]
        if level is None or r['seed'] not in best: continue
        b, x = seconds_to_reach(best[r['seed']]['history'], level), train_seconds(r)
        pairs.append({'seed': r['seed'], 'level': level, 'best_seconds': b, 'recipe_seconds': x,
                      'ratio': x / b if b and x is not None else None})
    if not pairs:
        ranks = any('val_ranking_accuracy' in (r.get('history') or {}) for r in ok_runs(runs, recipe))
        return {'recipe': recipe, 'kind': 'ranking' if ranks else 'no paired runs'}
    return {'recipe': recipe, 'kind': 'verification', 'pairs': pairs,
            'not_reached': [p['seed'] for p in pairs if p['best_seconds'] is None],
            **{k: mean_sd(p[k] for p in pairs) for k in ('level', 'best_seconds', 'recipe_seconds', 'ratio')}}

def order(names) -> list:
    "Recipe names in table order: `best`, the classics, the baselines, then anything else."
    return sorted(names, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))

def summarise(runs:list) -> dict:
    "{'recipes': per-recipe aggregates, 'time_to_match': one entry per classic recipe} from the run records."
    names = order({r['recipe'] for r in runs})
    return {'recipes': {n: _recipe_summary(runs, n) for n in names},
            'time_to_match': [_time_to_match(runs, n) for n in CLASSICS if n in names and 'best' in names]}

# ---- rendering ----

def fmt(s:dict|None, digits:int=4) -> str:
    "'mean ± sd' with `digits` decimals ('mean' alone for one seed), or '–'."
    if s is None: return '–'
    return f"{s['mean']:.{digits}f}" + ('' if s['sd'] is None else f" ± {s['sd']:.{digits}f}")

def fmt_seconds(s:dict|None) -> str:
    "Seconds as 'mean ± sd': whole seconds from 10 s up, one decimal below."
    if s is None: return '–'
    return '0' if s['mean'] == 0 and not s['sd'] else fmt(s, 0 if s['mean'] >= 10 else 1)

def fmt_examples(s:dict|None, kind:str|None) -> str:
    "A count of training examples like '1.0M images' or '480k pairs'."
    if s is None: return '–'
    v = s['mean']
    n = '0' if v == 0 else f'{v/1e6:.1f}M' if v >= 1e6 else f'{v/1e3:.0f}k' if v >= 1e3 else f'{v:.0f}'
    return f"{n} {kind or ''}".strip()

def _name(recipe:str, recipes:dict, table:bool=True) -> str:
    "The recipe's name in code font, marked when it is a baseline."
    if not recipes[recipe]['baseline']: return f"`{recipe}`"
    return f"`{recipe}` (baseline)" if table else f"the `{recipe}` baseline"

def _seed_note(recipe:str, s:dict, n:int, single:list) -> str|None:
    "A footnote for a recipe whose seed count differs from the usual `n`, or that has failed runs."
    notes = []
    if s['seeds'] and len(s['seeds']) != n:
        why = ' (run with one seed only, for its run time)' if recipe in single else ''
        notes.append(f"{len(s['seeds'])} seed{'s' * (len(s['seeds']) != 1)}{why}, so no sd" if len(s['seeds']) == 1
                     else f"{len(s['seeds'])} seeds")
    if s['failed']: notes.append('failed runs, left out: ' + ', '.join(f"{'unseen-digit ' * (p == 'unseen')}seed {sd}" for p, sd in s['failed']))
    return f"`{recipe}`: {'; '.join(notes)}." if notes else None

def _usual_n(recipes:dict) -> int:
    return max((len(s['seeds']) for s in recipes.values()), default=0)

def _header(key:str, head:str, recipes:dict) -> str:
    "Column header, with the N of N-way one-shot when every recipe used the same N."
    nk = {'oneshot_accuracy': 'n_way', 'unseen_oneshot_accuracy': 'unseen_n_way'}.get(key)
    ns = {s[nk] for s in recipes.values() if nk and s[key] is not None}
    return f"{head} ({ns.pop()}-way)" if len(ns) == 1 else head

def results_table(res:dict) -> str:
    "The markdown results table: one row per recipe, mean ± sd over seeds, baselines last, with footnotes."
    rec = res['recipes']; n = _usual_n(rec)
    heads = ['recipe', 'examples seen', 'train s'] + [_header(k, h, rec) for k, h, *_ in COLUMNS]
    lines = ['| ' + ' | '.join(heads) + ' |', '|---|' + '---:|' * (len(heads) - 1)]
    notes = []
    for name in order(rec):
        s = rec[name]; note = _seed_note(name, s, n, res.get('single_seed', []))
        if note: notes.append(note)
        mark = f"<sup>{len(notes)}</sup>" if note else ''
        cells = [_name(name, rec) + mark, fmt_examples(s['examples_seen'], s['example_kind']), fmt_seconds(s['train_seconds'])]
        cells += [fmt(s[k], d) for k, _, _, d, _ in COLUMNS]
        lines.append('| ' + ' | '.join(cells) + ' |')
    held = res.get('holdout_classes')
    seeds = res.get('seeds', [])
    foot = [f"Mean ± sample sd over seed{'s' * (len(seeds) != 1)} {', '.join(map(str, seeds))}; – where a recipe has no such number."
            + (f" *unseen* columns: separate models trained without the digits {', '.join(map(str, held))}, tested on those digits only."
               if held else '')]
    foot += [f"<sup>{i}</sup> {t}" for i, t in enumerate(notes, 1)] + ([res['note']] if res.get('note') else [])
    return '\n'.join(lines) + '\n\n' + '\n\n'.join(foot)

def time_to_match_table(res:dict) -> str:
    "The markdown time-to-match table: training seconds `best` needs to reach each classic recipe's final validation accuracy."
    lines = ["| recipe | its final val pair acc | its train s | `best` train s to reach it | ratio (its s / `best` s) |",
             '|---|---:|---:|---:|---:|']
    for t in res['time_to_match']:
        if t['kind'] != 'verification':
            why = 'n/a (ranking model)' if t['kind'] == 'ranking' else 'n/a (no runs paired by seed)'
            lines.append(f"| `{t['recipe']}` | {why} | – | – | – |"); continue
        miss = t['not_reached']; b = fmt_seconds(t['best_seconds'])
        if miss:
            b = ('never reached' if len(miss) == len(t['pairs'])
                 else f"{b} (not reached with seed{'s' * (len(miss) > 1)} {', '.join(map(str, miss))})")
        ratio = '–' if t['ratio'] is None else fmt(t['ratio'], 1) + '×'
        lines.append(f"| `{t['recipe']}` | {fmt(t['level'], 4)} | {fmt_seconds(t['recipe_seconds'])} | {b} | {ratio} |")
    return ('\n'.join(lines) + '\n\n' + "Same seed paired (`best` seed s against the recipe's seed s), mean ± sd over the pairs. "
            "*its final val pair acc*: the recipe's validation pair accuracy after its last epoch; *`best` train s to reach it*: "
            "cumulative training seconds (validation excluded) at the end of `best`'s first epoch at or above that accuracy, not interpolated.")

def _relation(b:dict, o:dict, higher:bool) -> str:
    "'ahead' if the other recipe is better than `best` by more than one sd (the larger of the two), 'within', or 'behind'."
    tol, d = max(b['sd'] or 0, o['sd'] or 0), o['mean'] - b['mean']
    if abs(d) <= tol: return 'within'
    return 'ahead' if (d > 0) == higher else 'behind'

def _spread(*stats) -> bool: return all(s['sd'] is not None for s in stats)

def summary_sentences(res:dict) -> str:
    "Plain sentences, generated from the numbers, on where `best` is ahead and where it is not; a markdown list."
    rec = res['recipes']; b = rec.get('best')
    if not b or not b['seeds']: return '- No successful `best` run in these results.'
    out, clear = [], []
    for k, _, name, d, higher in COLUMNS:
        if b[k] is None: continue
        others = [(n, rec[n][k]) for n in order(rec) if n != 'best' and rec[n][k] is not None]
        rel = [(n, o, _relation(b[k], o, higher)) for n, o in others]
        if others and all(r == 'behind' for *_, r in rel): clear.append(name)
        for n, o, r in rel:
            if r == 'ahead': out.append(f"On {name}, {_name(n, rec, False)} is ahead of `best`: {fmt(o, d)} against {fmt(b[k], d)}"
                                        + ('.' if _spread(o, b[k]) else ' (one seed; a difference this size may be noise).' if abs(o['mean'] - b[k]['mean']) < 0.01 else ' (one seed).'))
            if r == 'within': out.append(f"On {name}, {_name(n, rec, False)} is within one seed sd of `best`: {fmt(o, d)} against {fmt(b[k], d)}.")
    if clear:
        by = 'by more than one seed sd' if all(_spread(b[k], *(rec[n][k] for n in rec if rec[n][k] is not None)) for k, *_ in COLUMNS if b[k] is not None) \
             else 'on one seed (no spread measured yet, so small differences may be noise)'
        out.insert(0, f"`best` is ahead of every other recipe and baseline, {by}, on {_join(clear)}.")
    only = [n for n in rec if rec[n]['ranking_accuracy'] is not None]
    if b['ranking_accuracy'] is None and only:
        out.append(f"Ranking accuracy is measured only for {_join([f'`{n}`' for n in only])} "
                   f"({_join([fmt(rec[n]['ranking_accuracy'], 4) for n in only])}); `best` is not a ranking model.")
    out += _time_sentences(res)
    return '\n'.join(f'- {s[0].upper()}{s[1:]}' for s in out)

def _join(xs:list) -> str:
    return xs[0] if len(xs) == 1 else ', '.join(xs[:-1]) + ' and ' + xs[-1]

def _time_sentences(res:dict) -> list:
    "Sentences on total training time, and on how long `best` takes to reach each classic recipe's accuracy."
    rec = res['recipes']; bt = rec['best']['train_seconds']
    if bt is None: return []
    out, faster = [], []
    for n in order(rec):
        t = rec[n]['train_seconds']
        if n == 'best' or t is None: continue
        if t['mean'] == 0: out.append(f"{_name(n, rec, False)} needs no training.")
        elif t['mean'] < bt['mean']: faster.append(f"{_name(n, rec, False)} ({fmt_seconds(t)} s)")
        else: out.append(f"{_name(n, rec, False)} trains longer than `best`: {fmt_seconds(t)} s.")
    if faster:
        out.insert(0, f"`best` trains for {fmt_seconds(bt)} s in total, longer than {_join(faster)}.")
    for t in res['time_to_match']:
        if t['kind'] != 'verification': continue
        who = f"`{t['recipe']}`'s final validation pair accuracy ({fmt(t['level'], 4)})"
        if len(t['not_reached']) == len(t['pairs']): out.append(f"`best` never reaches {who}."); continue
        s = (f"`best` reaches {who} after {fmt_seconds(t['best_seconds'])} s of training; `{t['recipe']}` trains for "
             f"{fmt_seconds(t['recipe_seconds'])} s, {fmt(t['ratio'], 1)} times as long")
        if t['not_reached']: s += f" (with seed{'s' * (len(t['not_reached']) > 1)} {', '.join(map(str, t['not_reached']))} `best` never reaches it)"
        out.append(s + '.')
    return out

if __name__ == '__main__':
    res = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent/'results.json').read_text())
    if res.get('schema') != 2: sys.exit('results.json is not in the schema 2 format; run python bench/recipes_bench.py')
    print(results_table(res), time_to_match_table(res), summary_sentences(res), sep='\n\n')
