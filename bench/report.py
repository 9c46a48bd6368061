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
ORDER = ('transfer', 'transfer+unlabelled', 'best', 'contrastive-mlp', 'embedding-mlp', 'augmented-l1', 'ranknet-fast', 'ranknet-cnn') + BASELINES
CLASSICS = ('contrastive-mlp', 'embedding-mlp', 'augmented-l1', 'ranknet-cnn')
RANKER = {'ranknet-cnn': 'ranknet-fast'}    # a classic ranking recipe, and the fast one that is timed against it
SEEN, RANKING, UNSEEN = ('pair_accuracy', 'oneshot_accuracy', 'knn_accuracy', 'map_at_r', 'roc_auc', 'eer'), \
    ('ranking_accuracy', 'oneshot_ranking_accuracy'), ('unseen_pair_accuracy', 'unseen_roc_auc', 'unseen_eer')
KSHOT = ('unseen_oneshot_accuracy', 'unseen_kshot_1', 'unseen_kshot_5', 'unseen_kshot_20', 'unseen_knn_accuracy')
# key in the aggregates, table header, name in sentences, decimals, higher is better
COLUMNS = [('pair_accuracy', 'pair acc', 'pair accuracy', 4, True),
           ('oneshot_accuracy', 'one-shot', 'one-shot accuracy', 3, True),
           ('knn_accuracy', '1-NN', '1-NN accuracy', 4, True),
           ('map_at_r', 'MAP@R', 'MAP@R', 4, True),
           ('roc_auc', 'ROC AUC', 'ROC AUC', 4, True),
           ('eer', 'EER', 'equal error rate (lower is better)', 4, False),
           ('ranking_accuracy', 'ranking acc', 'ranking accuracy', 4, True),
           ('oneshot_ranking_accuracy', 'one-shot ranking', 'one-shot ranking accuracy', 3, True),
           ('unseen_pair_accuracy', 'pair acc', 'pair accuracy on unseen digits', 4, True),
           ('unseen_roc_auc', 'ROC AUC', 'ROC AUC on unseen digits', 4, True),
           ('unseen_eer', 'EER', 'equal error rate on unseen digits (lower is better)', 4, False),
           ('unseen_oneshot_accuracy', 'one-shot', 'one-shot accuracy on unseen digits', 3, True),
           ('unseen_kshot_1', '1 ref', '5-way accuracy on unseen digits with 1 reference per digit', 3, True),
           ('unseen_kshot_5', '5 refs', '5-way accuracy on unseen digits with 5 references per digit', 3, True),
           ('unseen_kshot_20', '20 refs', '5-way accuracy on unseen digits with 20 references per digit', 3, True),
           ('unseen_knn_accuracy', 'all refs (1-NN)', '1-NN accuracy on unseen digits', 4, True)]
COL = {c[0]: c for c in COLUMNS}
CAVEATS = {'ranknet-cnn': 'trained for its default 4 epochs of 150 batches and still improving when it stopped (its validation curve in '
                          'Evaluation is still rising), so its figures, and the time ratio against it, are those of a run cut short'}

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
    loads = _load_samples(rs)   # the runs whose seconds are reported
    s['load_average'] = {'mean': statistics.fmean(loads), 'max': max(loads)} if loads else None
    if rs:
        h = rs[0].get('history') or {}
        s['curve_seed'] = rs[0]['seed']
        s['val_curve'] = {k: h[k] for k in ('seconds', 'val_pair_accuracy', 'val_ranking_accuracy') if k in h}
        s['roc_curve'] = rs[0].get('roc_curve')
    return s

def seconds_to_reach(history:dict, level:float, key:str='val_pair_accuracy') -> float|None:
    "Cumulative training seconds of the first validation record (early ones within the first epoch included) whose `key` is >= `level`, or None."
    return next((t for t, v in zip(history.get('seconds', []), history.get(key, []))
                 if v is not None and v >= level), None)

def _final(history:dict, key:str):
    "The last value of `key` in a history (the end of the last epoch)."
    return ([v for v in history.get(key) or [] if v is not None] or [None])[-1]

def _time_to_match(runs:list, recipe:str) -> dict:
    "How long the fast recipe (`best`, or `ranknet-fast` for a ranking classic) trains, same seed, before its validation accuracy first reaches `recipe`'s final one."
    fast = RANKER.get(recipe, 'best'); key = 'val_ranking_accuracy' if recipe in RANKER else 'val_pair_accuracy'
    by_seed = {r['seed']: r for r in ok_runs(runs, fast)}
    pairs = []
    for r in ok_runs(runs, recipe):
        level = _final(r.get('history') or {}, key)
        if level is None or r['seed'] not in by_seed: continue
        b, x = seconds_to_reach(by_seed[r['seed']]['history'], level, key), train_seconds(r)
        pairs.append({'seed': r['seed'], 'level': level, 'best_seconds': b, 'recipe_seconds': x,
                      'ratio': x / b if b and x is not None else None})
    if not pairs: return {'recipe': recipe, 'fast': fast, 'kind': 'no paired runs'}
    return {'recipe': recipe, 'fast': fast, 'kind': 'ranking' if recipe in RANKER else 'verification', 'pairs': pairs,
            'not_reached': [p['seed'] for p in pairs if p['best_seconds'] is None],
            **{k: mean_sd(p[k] for p in pairs) for k in ('level', 'best_seconds', 'recipe_seconds', 'ratio')}}

def order(names) -> list:
    "Recipe names in table order: `best`, the classics, the baselines, then anything else."
    return sorted(names, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))

def summarise(runs:list) -> dict:
    "{'recipes': per-recipe aggregates, 'time_to_match': one entry per classic recipe} from the run records."
    names = order({r['recipe'] for r in runs})
    return {'recipes': {n: _recipe_summary(runs, n) for n in names},
            'time_to_match': [_time_to_match(runs, n) for n in CLASSICS if n in names and RANKER.get(n, 'best') in names]}

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
    if v == 0: return 'none'
    n = f'{v/1e6:.1f}M' if v >= 1e6 else f'{v/1e3:.0f}k' if v >= 1e3 else f'{v:.0f}'
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
    if recipe in CAVEATS and s['seeds']: notes.append(CAVEATS[recipe])
    if s['failed']: notes.append('failed runs, left out: ' + ', '.join(f"{'unseen-digit ' * (p == 'unseen')}seed {sd}" for p, sd in s['failed']))
    return f"`{recipe}`: {'; '.join(notes)}." if notes else None

def _usual_n(recipes:dict) -> int:
    return max((len(s['seeds']) for s in recipes.values()), default=0)

def _header(key:str, head:str, recipes:dict) -> str:
    "Column header, with the N of N-way one-shot when every recipe used the same N."
    nk = {'oneshot_accuracy': 'n_way', 'unseen_oneshot_accuracy': 'unseen_n_way'}.get(key)
    ns = {s[nk] for s in recipes.values() if nk and s[key] is not None}
    return f"{head} ({ns.pop()}-way)" if len(ns) == 1 else head

def _seeds_phrase(seeds:list) -> str:
    return f"seed {seeds[0]} only" if len(seeds) == 1 else f"seeds {', '.join(map(str, seeds))}"

def _table(res:dict, keys:tuple, names:list, lead:tuple=('examples seen', 'train s'), notes:list|None=None) -> str:
    "One markdown table: a row per recipe in `names`, the columns `keys` (mean ± sd over seeds), footnote marks appended to `notes`."
    rec, n = res['recipes'], _usual_n(res['recipes'])
    heads = ['recipe', *lead] + [_header(k, COL[k][1], rec) for k in keys]
    lines = ['| ' + ' | '.join(heads) + ' |', '|---|' + '---:|' * (len(heads) - 1)]
    for name in names:
        s = rec[name]; note = _seed_note(name, s, n, res.get('single_seed', []))
        mark = ''
        if note is not None and notes is not None:
            if note not in notes: notes.append(note)
            mark = f"<sup>{notes.index(note) + 1}</sup>"
        cells = [_name(name, rec) + mark]
        if 'examples seen' in lead: cells.append(fmt_examples(s['examples_seen'], s['example_kind']))
        if 'train s' in lead: cells.append(fmt_seconds(s['train_seconds']))
        cells += [fmt(s.get(k), COL[k][3]) for k in keys]
        lines.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)

def results_table(res:dict) -> str:
    "The markdown results: every recipe on the digits it trained on, the ranking recipes' own figures, and the unseen-digit runs; mean ± sd over seeds."
    rec = res['recipes']; notes = []
    seen = [n for n in order(rec) if any(rec[n][k] is not None for k in SEEN)]
    ranking = [n for n in order(rec) if rec[n]['ranking_accuracy'] is not None]
    unseen = [n for n in order(rec) if any(rec[n].get(k) is not None for k in UNSEEN + KSHOT)]
    seeds, held = res.get('seeds', []), res.get('holdout_classes')
    out = ["**All ten digits.** Pair verification, one-shot and retrieval on the test set, for models trained on the ten digits:",
           _table(res, SEEN, seen, notes=notes)]
    if ranking:
        out += ["**Which digit is larger.** The ranking recipes on test ranking pairs (*ranking acc*: equal digits must score inside 0.3–0.7) "
                "and on one-shot ranking tasks (a query against one support image of every digit: every ordering right):",
                _table(res, RANKING, ranking, lead=('train s',), notes=notes)]
    if unseen and held:
        hs = ', '.join(map(str, held))
        us = res.get('unseen_seeds') or seeds
        how = '' if us == seeds else (f"; {_seeds_phrase(us)}, for time, so no sd" if len(us) == 1 else f"; {_seeds_phrase(us)}")
        fewer = {n: rec[n]['unseen_seeds'] for n in unseen if len(rec[n].get('unseen_seeds') or []) < len(us)}
        if fewer: how += ('; fewer seeds, for time: ' + ', '.join(f"`{n}` {_seeds_phrase(v)}" for n, v in fewer.items())
                          + (' (so no sd)' if all(len(v) == 1 for v in fewer.values()) else ''))
        vc = res.get('val_classes')
        val = (f"trained on the other digits but {', '.join(map(str, vc))}, {'which are' if len(vc) > 1 else 'which is'} kept for validation: the epoch kept and the "
               f"threshold are chosen on pairs about {'digits' if len(vc) > 1 else 'a digit'} the model never trained on" if vc else "validated on held-out images of the digits trained on")
        out += [f"**Digits never seen.** Separate models that never see the labels of {hs}: {val}. Tested once on {hs} only{how}. "
                f"*Pair acc* is at that class-disjoint threshold; ROC AUC and EER need no threshold:",
                _table(res, UNSEEN, unseen, lead=(), notes=notes),
                f"**How many examples to enrol.** The same models, 5-way on {hs}: a test image is labelled by its nearest reference among "
                f"*k* training images of each of {hs} (1,000 tasks; *all refs* is 1-NN against every training image of {hs}). "
                f"*One-shot* is Koch et al.'s protocol, query and support both from the test images:",
                _table(res, KSHOT, unseen, lead=(), notes=notes)]
        if 'transfer+unlabelled' in unseen:
            out.append(f"`transfer+unlabelled` is `transfer` that also saw the 60,000 training images of all ten digits *without labels*, "
                       f"{hs} included: a different protocol from the other rows, which see no image of {hs} before the test. It is the case of a "
                       f"user with many photos and labels for only some classes.")
    foot = [(f"Seed {seeds[0]} only, so no spread" if len(seeds) == 1 else f"Mean ± sample sd over {_seeds_phrase(seeds)}") + "; – where a recipe has no such number."]
    foot += [f"<sup>{i}</sup> {t}" for i, t in enumerate(notes, 1)]
    load = _load_sentence(res)
    if load: foot.append(load)
    if res.get('note'): foot.append(res['note'])
    return '\n\n'.join(out + foot)

def _load_sentence(res:dict) -> str|None:
    "What the machine's load average was during the all-digit runs (the ones whose seconds are reported), from the samples the bench recorded."
    samples = _load_samples([r for r in res.get('runs', []) if r.get('protocol', 'all') == 'all'])
    if not samples: return None
    cores = (res.get('machine') or {}).get('cores')
    return (f"Load average (1 min) during the all-digit training runs, whose seconds the tables report, sampled every 10 s: "
            f"mean {statistics.fmean(samples):.1f}, highest {max(samples):.1f}" + (f", on {cores} cores" if cores else '')
            + "; above the number of cores, runs shared the machine and their seconds are inflated. "
            "The unseen-digit runs report no seconds, and their accuracies do not depend on the load (training is deterministic).")

def time_to_match_table(res:dict) -> str:
    "The markdown time-to-match table: training seconds the fast recipe needs to reach each classic recipe's final validation accuracy."
    lines = ["| classic | its final val accuracy | its train s | fast recipe | its train s to reach it | ratio |",
             '|---|---:|---:|---|---:|---:|']
    for t in res['time_to_match']:
        fast = t.get('fast', 'best')
        if t['kind'] == 'no paired runs' or not t.get('pairs'):
            lines.append(f"| `{t['recipe']}` | n/a (no runs paired by seed) | – | `{fast}` | – | – |"); continue
        miss = t['not_reached']; b = fmt_seconds(t['best_seconds'])
        if miss:
            b = ('never reached' if len(miss) == len(t['pairs'])
                 else f"{b} (not reached with seed{'s' * (len(miss) > 1)} {', '.join(map(str, miss))})")
        ratio = '–' if t['ratio'] is None else fmt(t['ratio'], 1) + '×'
        what = 'ranking' if t['kind'] == 'ranking' else 'pair'
        lines.append(f"| `{t['recipe']}` | {fmt(t['level'], 4)} ({what}) | {fmt_seconds(t['recipe_seconds'])} | `{fast}` | {b} | {ratio} |")
    seeds = sorted({p['seed'] for t in res['time_to_match'] for p in t.get('pairs', [])})
    return ('\n'.join(lines) + '\n\n' + f"Paired by seed ({_seeds_phrase(seeds) if seeds else 'no seeds'}; mean ± sd over the pairs). "
            "*its final val accuracy*: the classic's validation accuracy after its last epoch (pair accuracy; ranking accuracy for `ranknet-cnn`); "
            "*its train s to reach it*: cumulative training seconds (validation excluded) of the fast recipe at its first validation at or above "
            "that accuracy — after 10, 20, 40, 60 and 90 batches, then after every epoch — not interpolated. Each recipe is validated on its own "
            "split of the training images (20% for `augmented-l1`, as in its tutorial; 10% for the others), so the levels are close, not identical, yardsticks.")

RULE = 2 # the one rule of every comparison in words: a gap counts when it is larger than RULE × the larger of the two seed sds; else a tie

def _relation(b:dict, o:dict, higher:bool) -> str:
    "'ahead' if `o` is better than `b` by more than RULE sds (the larger of the two), 'behind' if worse by as much, else 'within' (a tie)."
    tol, d = RULE * max(b['sd'] or 0, o['sd'] or 0), o['mean'] - b['mean']
    if abs(d) <= tol: return 'within'
    return 'ahead' if (d > 0) == higher else 'behind'

def _spread(*stats) -> bool: return all(s['sd'] is not None for s in stats)
def _caveat(o:dict, b:dict) -> str:
    "What to add to a comparison of `o` with `b` when either has no spread: how many seeds, and whether the gap may be noise."
    if _spread(o, b): return ''
    return (f" ({'one seed each' if o['sd'] is None and b['sd'] is None else 'one seed on one side'}"
            + ('; a difference this size may be noise' if abs(o['mean'] - b['mean']) < 0.01 else '') + ')')

def _load_samples(runs:list) -> list:
    "Every load-average sample the bench recorded while `runs` trained."
    return [x for r in runs for x in ((r.get('load') or {}).get('samples') or [])]

def summary_sentences(res:dict) -> str:
    "Plain sentences, generated from the numbers, on where `best` is ahead and where it is not; a markdown list."
    rec = res['recipes']; b = rec.get('best')
    if not b or not b['seeds']: return '- No successful `best` run in these results.'
    out, clear = [], []
    for k, _, name, d, higher in COLUMNS:
        if b.get(k) is None: continue
        others = [(n, rec[n].get(k)) for n in order(rec) if n != 'best' and rec[n].get(k) is not None]
        rel = [(n, o, _relation(b.get(k), o, higher)) for n, o in others]
        if others and all(r == 'behind' for *_, r in rel): clear.append((k, name))
        for n, o, r in rel:
            if r == 'ahead': out.append(f"On {name}, {_name(n, rec, False)} is ahead of `best`: {fmt(o, d)} against {fmt(b.get(k), d)}{_caveat(o, b.get(k))}.")
            if r == 'within': out.append(f"On {name}, {_name(n, rec, False)} and `best` are level (within two seed sds): {fmt(o, d)} against {fmt(b.get(k), d)}.")
    one_unseen = len(b.get('unseen_seeds') or []) < 2
    apart = [name for k, name in clear if one_unseen and k.startswith('unseen_')]
    clear = [name for k, name in clear if name not in apart]
    if clear:
        single = [n for n in order(rec) if n != 'best' and len(rec[n]['seeds']) == 1]
        if len(b['seeds']) < 2: by = 'on one seed per recipe (no spread measured, so small differences may be noise)'
        elif single: by = (f"by more than two seed sds ({_join([_name(n, rec, False) for n in single])} ran one seed, so there "
                           "by more than two of `best`'s sds)")
        else: by = 'by more than two seed sds'
        out.insert(0, f"`best` is ahead of every other recipe and baseline, {by}, on {_join(clear)}.")
    if apart:
        out.insert(1 if clear else 0, f"On the digits never seen, `best` is ahead of every other recipe and baseline on {_join(apart)} "
                                      "(one seed each, so no spread measured; small differences may be noise).")
    out = transfer_sentences(res) + out
    out += _ranking_sentences(res)
    out += _time_sentences(res)
    return '\n'.join(f'- {s[0].upper()}{s[1:]}' for s in out)

def transfer_sentences(res:dict) -> list:
    "Where `transfer` stands against the classifier baseline, `best` and raw pixels on the digits never seen, by the one rule (`RULE`)."
    rec = res['recipes']; t = rec.get('transfer')
    if not t or not t.get('unseen_seeds'): return []
    out = []
    for other in ('classifier', 'best', 'pixels'):
        o = rec.get(other)
        if not o or not o.get('unseen_seeds'): continue
        groups = {'ahead': [], 'tie': [], 'behind': []}
        for k in UNSEEN + KSHOT:
            a, b = t.get(k), o.get(k)
            if a is None or b is None: continue
            g = {'ahead': 'ahead', 'behind': 'behind', 'within': 'tie'}[_relation(b, a, COL[k][4])]
            groups[g].append(f"{COL[k][2].replace(' on unseen digits', '')} ({fmt(a, COL[k][3])} against {fmt(b, COL[k][3])})")
        who = _name(other, rec, False)
        parts = ([f"ahead of {who} by more than two seed sds on {_join(groups['ahead'])}"] if groups['ahead'] else []) + \
                ([f"level with it (within two sds) on {_join(groups['tie'])}"] if groups['tie'] else []) + \
                ([f"behind it on {_join(groups['behind'])}"] if groups['behind'] else [])
        if parts: out.append(f"On the digits never seen, `transfer` is {'; '.join(parts)}.")
    return out

def _best_of(rec:dict, key:str, names) -> str|None:
    "The recipe among `names` with the highest mean of `key`."
    have = [n for n in names if rec.get(n) and rec[n].get(key)]
    return max(have, key=lambda n: rec[n][key]['mean']) if have else None

def what_to_use(res:dict) -> str:
    "A short 'what to use when', generated from the numbers: a markdown list."
    rec, out = res['recipes'], []
    learned = [n for n in order(rec) if not rec[n]['baseline'] and n != 'transfer+unlabelled']
    seen = _best_of(rec, 'pair_accuracy', learned)
    if seen:
        s, c = rec[seen], rec.get('classifier') or {}
        out.append(f"**The classes you train on: `{seen}`.** On test images of the ten digits it trained on: pair accuracy {fmt(s['pair_accuracy'])}, "
                   f"10-way one-shot {fmt(s['oneshot_accuracy'], 3)}, MAP@R {fmt(s['map_at_r'])}"
                   + (f" (the softmax `classifier` baseline: {fmt(c.get('pair_accuracy'))}, {fmt(c.get('oneshot_accuracy'), 3)}, {fmt(c.get('map_at_r'))})." if c else '.'))
    new = _best_of(rec, 'unseen_kshot_5', learned)
    if new:
        s = rec[new]; others = [n for n in ('best', 'classifier', 'pixels') if n != new and rec.get(n) and rec[n].get('unseen_kshot_5')]
        vs = '; '.join(f"{_name(n, rec, False)} {fmt(rec[n]['unseen_kshot_5'], 3)}" for n in others)
        out.append(f"**Classes never seen, from a few examples: `{new}`.** On digits it never saw a label of, a new image labelled by its nearest of "
                   f"5 references per digit (5-way): {fmt(s['unseen_kshot_5'], 3)} ({vs}); with one reference {fmt(s.get('unseen_kshot_1'), 3)}, "
                   f"ROC AUC {fmt(s.get('unseen_roc_auc'))}. The k-shot table below has 1, 5, 20 and all references.")
    u = rec.get('transfer+unlabelled')
    if u and u.get('unseen_kshot_5') and new:
        out.append(f"**Many images, labels for only some classes: `transfer` with the unlabelled images beside** (`train(..., unlabelled=...)`, "
                   f"`--unlabelled`). Having seen the images of the new digits without their labels: 5 references {fmt(u['unseen_kshot_5'], 3)}, "
                   f"one reference {fmt(u.get('unseen_kshot_1'), 3)}, ROC AUC {fmt(u.get('unseen_roc_auc'))}.")
    px = rec.get('pixels')
    if px and px.get('unseen_knn_accuracy') and new:
        ahead = px['unseen_knn_accuracy']['mean'] > rec[new]['unseen_knn_accuracy']['mean']
        out.append(f"**Thousands of labelled examples of every new class:** nearest neighbour among all of them — `{new}` "
                   f"{fmt(rec[new]['unseen_knn_accuracy'])}, raw pixels {fmt(px['unseen_knn_accuracy'])} on MNIST's new digits"
                   + (": with that many references a near-copy in pixels is almost always there, and pixels are the better bet." if ahead else
                      ": with that many references even raw pixels come close, and a learnt embedding buys little."))
    return '\n'.join(f'- {x}' for x in out)

def _ranking_sentences(res:dict) -> list:
    "Sentences comparing the ranking recipes on their own figures."
    rec = res['recipes']; rk = [n for n in order(rec) if rec[n].get('ranking_accuracy') is not None]
    if not rk: return []
    parts = [f"{_name(n, rec, False)} {fmt(rec[n].get('ranking_accuracy'), 4)}" + (f" (one-shot ranking {fmt(rec[n].get('oneshot_ranking_accuracy'), 3)})"
             if rec[n].get('oneshot_ranking_accuracy') is not None else '') for n in rk]
    return [f"Which digit is larger, on the test ranking pairs: {_join(parts)}; `best` and the baselines are not ranking models."]

def _join(xs:list) -> str:
    return xs[0] if len(xs) == 1 else ', '.join(xs[:-1]) + ' and ' + xs[-1]

def _time_sentences(res:dict) -> list:
    "Sentences on total training time, and on how long the fast recipes take to reach each classic recipe's accuracy."
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
        if t['kind'] == 'no paired runs' or not t.get('pairs'): continue
        fast, what = t.get('fast', 'best'), 'ranking' if t['kind'] == 'ranking' else 'pair'
        who = f"`{t['recipe']}`'s final validation {what} accuracy ({fmt(t['level'], 4)})"
        if len(t['not_reached']) == len(t['pairs']): out.append(f"`{fast}` never reaches {who}."); continue
        s = (f"`{fast}` reaches {who} after {fmt_seconds(t['best_seconds'])} s of training; `{t['recipe']}` trains for "
             f"{fmt_seconds(t['recipe_seconds'])} s, {fmt(t['ratio'], 1)} times as long")
        if t['not_reached']: s += f" (with seed{'s' * (len(t['not_reached']) > 1)} {', '.join(map(str, t['not_reached']))} `{fast}` never reaches it)"
        out.append(s + '.')
    return out

if __name__ == '__main__':
    res = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent/'results.json').read_text())
    if res.get('schema') != 2: sys.exit('results.json is not in the schema 2 format; run python bench/recipes_bench.py')
    print(what_to_use(res), results_table(res), time_to_match_table(res), summary_sentences(res), sep='\n\n')
