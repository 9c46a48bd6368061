"""Tune the `ranknet-fast` recipe on validation data only, and keep a record of every try in bench/tuning_ranknet.json.

    python bench/tune_ranknet.py NAME '{"balance": true, "norm": 64, "ov": {"epochs": 6}}'

The JSON names the variant: `balance` (equal and unequal pairs averaged separately, as `BatchRankNetLoss(balance=True)`),
`norm` (a unit-length embedding of that size, then one linear score: `small_cnn_tower(score=True)`), `hidden` (an embedding,
a ReLU, then the score) and `levels` (a softmax over that many learned score levels, the score their expectation) — the
last two exist only here. `ov` holds Recipe overrides (epochs, lr, batch size). Each run trains on full MNIST
(`--data`, default ../shared/data/mnist) and scores the validation ranking pairs of its own split: all of them, the equal
pairs (right when the probability is inside 0.3–0.7) and the unequal ones (right on the correct side of ½).
"""
import argparse, json, os, sys, tempfile
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT/'bench'/'tuning_ranknet.json'

def run(name:str, cfg:dict, data:str) -> dict:
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
    import numpy as np, keras
    from keras import ops, layers
    from siamese_nb import training
    from siamese_nb.training import train, _ranked_right
    from siamese_nb.data import train_val_split
    from siamese_nb.pairs import make_ranking_indices
    from siamese_nb.evaluation import embed
    from siamese_nb.losses import BatchRankNetLoss
    from siamese_nb.model import small_cnn_tower
    cfg = dict(cfg); ov = cfg.pop('ov', {})
    training._LOSSES['batch_ranknet'] = lambda r: BatchRankNetLoss(balance=cfg.get('balance', False))

    @keras.saving.register_keras_serializable(package='tune_ranknet')
    class ExpectedLevel(layers.Layer):
        "The expectation of `levels` learned score values under a softmax of the input."
        def __init__(self, levels=16, **kw): super().__init__(**kw); self.levels = levels
        def build(self, shape):
            self.c = self.add_weight(shape=(self.levels,), name='levels',
                                     initializer=keras.initializers.Constant(np.linspace(-self.levels / 2, self.levels / 2, self.levels)))
        def call(self, x): return ops.sum(ops.softmax(x, axis=-1) * self.c, axis=-1, keepdims=True)
        def compute_output_shape(self, s): return (s[0], 1)
        def get_config(self): return {**super().get_config(), 'levels': self.levels}

    def tower(input_shape, **kw):
        w, norm, hid, lev = kw.get('width', 32), cfg.get('norm'), cfg.get('hidden'), cfg.get('levels')
        t = small_cnn_tower(input_shape, embedding_dim=norm or hid or lev or 1, width=w, pool='flatten', normalize=bool(norm))
        x = t.output
        if hid: x = layers.Activation('relu')(x)
        x = ExpectedLevel(lev)(layers.Dense(lev)(x) if norm else x) if lev else layers.Dense(1, name='score')(x) if (norm or hid) else x
        return keras.Model(t.input, x, name='small_cnn')
    training._TOWER_FNS['small_cnn'] = tower
    m, h = train('ranknet-fast', data=data, out=tempfile.mkdtemp(prefix='tune_'), verbose=0, **ov)
    x, y, *_ = training._as_arrays(data)
    (xt, yt), (xv, yv) = train_val_split(x, y, 0.1, 0)
    s = embed(m, xv)[:, 0]
    i, j, t = make_ranking_indices(yv, 2 * len(yv), seed=1)                # the validation pairs train() scores
    ok = _ranked_right(1 / (1 + np.exp(-(s[j] - s[i]))), t)
    return {'name': name, 'changes': cfg, 'overrides': ov, 'epochs': ov.get('epochs', training.RECIPES['ranknet-fast'].epochs),
            'val_ranking_accuracy': float(ok.mean()), 'val_equal_pairs_right': float(ok[t == 0.5].mean()),
            'val_unequal_pairs_right': float(ok[t != 0.5].mean()), 'train_seconds': h[-1]['seconds']}

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('name'); p.add_argument('config', nargs='?', default='{}')
    p.add_argument('--data', default=str(ROOT.parent/'shared'/'data'/'mnist'))
    a = p.parse_args(argv)
    r = run(a.name, json.loads(a.config), a.data)
    runs = json.loads(OUT.read_text()) if OUT.is_file() else []
    OUT.write_text(json.dumps(runs + [r], indent=1) + '\n'); print(json.dumps(r))

if __name__ == '__main__': sys.exit(main())
