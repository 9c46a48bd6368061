"""Build `siamese_nb/mnist_sample.npz`: a small, class-balanced, real MNIST sample shipped with the package.

Usage: python tools/make_sample.py [MNIST_DIR]   (default: ../shared/data/mnist, the four original IDX .gz files)
The draw is seeded, so running it again gives the same file contents.
"""
import sys
from pathlib import Path
import numpy as np
from siamese_nb.data import load_mnist

N_TRAIN, N_TEST, SEED = 200, 50, 2026   # images per class

def balanced(y, per_class, rng):
    "Sorted indices of `per_class` images of each class, drawn without replacement."
    return np.sort(np.concatenate([rng.choice(np.flatnonzero(y == c), per_class, replace=False) for c in np.unique(y)]))

if __name__ == '__main__':
    src = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[1]/'../shared/data/mnist')
    (xt, yt), (xs, ys) = load_mnist(src)
    rng = np.random.default_rng(SEED)
    it, is_ = balanced(yt, N_TRAIN, rng), balanced(ys, N_TEST, rng)
    out = Path(__file__).parents[1]/'siamese_nb'/'mnist_sample.npz'
    np.savez_compressed(out, x_train=xt[it], y_train=yt[it], x_test=xs[is_], y_test=ys[is_],
                        train_index=it, test_index=is_)
    print(f"wrote {out}: {len(it)} train + {len(is_)} test images, {out.stat().st_size/1e6:.2f} MB")
