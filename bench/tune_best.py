"""Tune the `best` recipe on validation data only, one configuration at a time, and keep a record of every try.

    python bench/tune_best.py NAME '{"epochs": 20, "temperature": 0.05}'     # one configuration: Recipe overrides as JSON
    python bench/tune_best.py --list                                          # the configurations tried so far

Each run trains `best` with the overrides on full MNIST (`--data`, default ../shared/data/mnist), then measures on the
validation split that training held out (never the test set): validation pair accuracy (the last epoch's and the best),
1-NN accuracy and MAP@R of the validation images against the training images of the split, training seconds and
batches. A "tower" key in the overrides picks a tower variant defined here (`tower_variant`) for what the library's
`small_cnn_tower` cannot express; its keys are recorded with the run. Every run is appended to bench/tuning.json.
"""
import argparse, json, os, sys, tempfile, time
from datetime import datetime, timezone
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT/'bench'/'tuning.json'

def tower_variant(input_shape=(28, 28, 1), embedding_dim=64, width=32, normalize=True, pool='flatten', name='small_cnn',
                  first=None, extra14=False, drop=0.0):
    "`small_cnn_tower` with a few more knobs: the first layer's width, one more convolution at 14×14, dropout before the embedding."
    import keras
    from keras import layers
    from siamese_nb.model import MaxPool2x2, L2Normalize, _check_shape, _conv_bn_relu
    inp = keras.Input(_check_shape(input_shape), name='image')
    x = layers.Conv2D(first or width // 2, 3, padding='same', activation='relu')(inp)
    x = MaxPool2x2()(x)
    x = _conv_bn_relu(x, width)
    if extra14: x = _conv_bn_relu(x, width)
    x = MaxPool2x2()(x)
    x = _conv_bn_relu(x, 2 * width); x = _conv_bn_relu(x, 2 * width)
    x = layers.Flatten()(x) if pool == 'flatten' else layers.GlobalAveragePooling2D()(x)
    if drop: x = layers.Dropout(drop)(x)
    x = layers.Dense(embedding_dim, name='embedding')(x)
    if normalize: x = L2Normalize()(x)
    return keras.Model(inp, x, name=name)

def run(name:str, overrides:dict, data:str) -> dict:
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
    from siamese_nb import training
    from siamese_nb.data import train_val_split
    from siamese_nb.evaluation import embed, retrieval_metrics
    ov = dict(overrides); base = training.RECIPES['best']
    if 'variant' in ov:                                   # tower knobs beyond small_cnn_tower's: this file's tower_variant
        training._TOWER_FNS['small_cnn'] = tower_variant
        ov['tower_args'] = {**base.tower_args, **ov.pop('variant')}
    elif 'tower_args' in ov: ov['tower_args'] = {**base.tower_args, **ov['tower_args']}
    if ov.get('augment'): ov['augment'] = {**base.augment, **ov['augment']}
    t0 = time.perf_counter()
    model, hist = training.train('best', data=data, out=tempfile.mkdtemp(prefix='tune_'), seed=0, verbose=0, **ov)
    x, y, *_ = training._as_arrays(data)
    (xt, yt), (xv, yv) = train_val_split(x, y, 0.1, 0)   # the split train() made: validation images never trained on
    r = retrieval_metrics(embed(model, xv), yv, embed(model, xt), yt)
    ep = training.epoch_records(hist)                   # end-of-epoch records only
    return {'name': name, 'overrides': overrides, 'date': datetime.now(timezone.utc).isoformat(timespec='seconds'),
            'final_val_pair_accuracy': ep[-1]['val_pair_accuracy'], 'best_val_pair_accuracy': max(h['val_pair_accuracy'] for h in ep),
            'val_knn_accuracy': r['knn_accuracy'], 'val_map_at_r': r['map_at_r'], 'train_seconds': ep[-1]['seconds'],
            'batches': round(ep[-1]['examples'] / ov.get('batch_size', base.batch_size)),
            'wall_seconds': round(time.perf_counter() - t0, 1), 'load_average': os.getloadavg()[0]}

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('name', nargs='?'); p.add_argument('overrides', nargs='?', default='{}')
    p.add_argument('--data', default=str(ROOT.parent/'shared'/'data'/'mnist'))
    p.add_argument('--list', action='store_true')
    a = p.parse_args(argv)
    runs = json.loads(OUT.read_text()) if OUT.is_file() else []
    if a.list or not a.name:
        for r in runs: print(f"{r['name']:14} val pair {r['final_val_pair_accuracy']:.4f}  val 1-NN {r['val_knn_accuracy']:.4f}  "
                             f"MAP@R {r['val_map_at_r']:.4f}  {r['batches']:>6} batches  {json.dumps(r['overrides'])}")
        return 0
    r = run(a.name, json.loads(a.overrides), a.data)
    runs = json.loads(OUT.read_text()) if OUT.is_file() else []                    # again: another run may have finished meanwhile
    OUT.write_text(json.dumps(runs + [r], indent=1) + '\n'); print(json.dumps(r))
    return 0

if __name__ == '__main__': sys.exit(main())
