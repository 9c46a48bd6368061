"""Tune a recipe for classes never seen, on class-disjoint validation only, one configuration at a time; keep a record of every try.

    python bench/tune_transfer.py NAME '{"views": 2, "instance_weight": 1.0}'    # one configuration: Recipe overrides as JSON
    python bench/tune_transfer.py --list                                           # the configurations tried so far

The protocol of the unseen-digit benchmark, without its test classes: labels of 0–4 only; the model trains on 0–2 and is
validated on digits 3 and 4, which it never trains on (`val_classes=(3, 4)`); digits 5–9 are held out and never read here.
Two validation classes, so that the validation pairs ask what the test asks — are two images of *new* classes the same class? —
and not only whether a new class stands apart from the trained ones. Each run records, on the validation pairs (each image of
3 and 4 once with another image of its digit, once with an image of another digit: the other new one or a trained one), the
pair accuracy after every epoch, the best one (the epoch `train` keeps) and the ROC AUC and EER of the kept model, plus
training seconds. `--unlabelled data` adds the training images of all ten digits without their labels (the
unlabelled protocol: it has seen unlabelled images of 5–9, never their labels). Runs are appended to bench/tuning_transfer.json. Seed 0 unless `--seed`.
"""
import argparse, json, os, sys, tempfile, time
from datetime import datetime, timezone
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT/'bench'/'tuning_transfer.json'
PROTOCOL = dict(holdout_classes=(5, 6, 7, 8, 9), val_classes=(3, 4))

def run(name:str, recipe:str, overrides:dict, data:str, seed:int=0, unlabelled:str|None=None) -> dict:
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
    from siamese_nb import training
    from siamese_nb.evaluation import pair_scores, roc_auc, roc_curve, equal_error_rate
    base = training.RECIPES[recipe]; ov = dict(overrides)
    if 'tower_args' in ov: ov['tower_args'] = {**base.tower_args, **ov['tower_args']}
    t0 = time.perf_counter()
    model, hist = training.train(recipe, data=data, out=tempfile.mkdtemp(prefix='tune_'), seed=seed, verbose=0, unlabelled=unlabelled, **PROTOCOL, **ov)
    d = training.prepare_data(training.get_recipe(recipe, **PROTOCOL, **ov), data, seed)    # the same validation pairs
    (xa, xb), same = d['val']; s, kind = pair_scores(model, xa, xb)
    fpr, tpr = roc_curve(s, same, kind)
    ep = training.epoch_records(hist)
    best = max(range(len(ep)), key=lambda k: ep[k]['val_pair_accuracy'])
    return {'name': name, 'recipe': recipe, 'overrides': overrides, 'unlabelled': unlabelled, 'seed': seed, 'date': datetime.now(timezone.utc).isoformat(timespec='seconds'),
            'val_pair_accuracy_by_epoch': [round(h['val_pair_accuracy'], 4) for h in ep],
            'best_val_pair_accuracy': ep[best]['val_pair_accuracy'], 'best_epoch': best + 1,
            'val_roc_auc': roc_auc(s, same, kind), 'val_eer': equal_error_rate(fpr, tpr), 'n_val_pairs': int(len(same)),
            'train_seconds': ep[-1]['seconds'], 'wall_seconds': round(time.perf_counter() - t0, 1), 'load_average': os.getloadavg()[0]}

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('name', nargs='?'); p.add_argument('overrides', nargs='?', default='{}')
    p.add_argument('--recipe', default='best'); p.add_argument('--seed', type=int, default=0)
    p.add_argument('--data', default=str(ROOT.parent/'shared'/'data'/'mnist'))
    p.add_argument('--unlabelled', help="images without labels beside the labelled ones ('data': the training images of all ten digits, labels dropped)")
    p.add_argument('--list', action='store_true')
    a = p.parse_args(argv)
    runs = json.loads(OUT.read_text()) if OUT.is_file() else []
    if a.list or not a.name:
        for r in runs: print(f"{r['name']:18} {r['recipe']:9} seed {r['seed']}  best val pair {r['best_val_pair_accuracy']:.4f} (epoch {r['best_epoch']:>3})  "
                             f"AUC {r['val_roc_auc']:.4f}  EER {r['val_eer']:.4f}  {r['train_seconds']:6.0f} s  {json.dumps(r['overrides'])}{' + unlabelled ' + r['unlabelled'] if r.get('unlabelled') else ''}")
        return 0
    r = run(a.name, a.recipe, json.loads(a.overrides), a.data, a.seed, a.unlabelled)
    runs = json.loads(OUT.read_text()) if OUT.is_file() else []                    # again: another run may have finished meanwhile
    OUT.write_text(json.dumps(runs + [r], indent=1) + '\n'); print(json.dumps(r))
    return 0

if __name__ == '__main__': sys.exit(main())
