"""Benchmark: pair building and augmentation, the classic per-image loops against `siamese_nb`.

    SIAMESE_NB_DATA=../shared/data/mnist python bench/pairs_bench.py     # or: --data PATH

Prints, side by side:
1. the classic tutorial pair loop (one `np.where` over all labels per image) vs `make_pair_indices`,
   120,000 pairs from the 60,000 training labels;
2. per-image `scipy.ndimage.affine_transform` in a Python loop (Keras' old `ImageDataGenerator` recipe)
   vs `augment` on batches, with the same augmentation parameters;
3. `PairGenerator` throughput with augmentation, with one and two worker threads.
Targets: (1) >= 500x, (2) >= 4x, (3) >= 20,000 pairs/s on 2 CPU cores.
"""
import argparse, os, time
from multiprocessing.pool import ThreadPool
import numpy as np
import scipy.ndimage as ndi
from siamese_nb.data import load_mnist
from siamese_nb.pairs import make_pair_indices
from siamese_nb.generators import AUGMENT_DEFAULTS, PairGenerator, augment


def best_time(f, repeat=5):
    "Fastest of `repeat` runs of `f()`, in seconds (after one warm-up run)."
    f()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter(); f(); times.append(time.perf_counter() - t0)
    return min(times)


def classic_pairs(labels, rng):
    "The tutorial loop: per image one same pair, and one different pair found by `np.where` over all labels."
    n_classes = len(np.unique(labels))
    idx = [np.where(labels == c)[0] for c in range(n_classes)]
    pairs, same = [], []
    for a in range(len(labels)):
        pairs.append([a, rng.choice(idx[labels[a]])]); same.append(1)
        neg = np.where(labels != labels[a])[0]
        pairs.append([a, rng.choice(neg)]); same.append(0)
    return np.array(pairs), np.array(same, np.float32)


def classic_augment(images, rng, rotation, width_shift, height_shift, zoom):
    "Keras' old ImageDataGenerator recipe: per image draw parameters, compose 3x3 matrices, scipy per channel."
    out = np.empty_like(images)
    h, w = images.shape[1:3]
    for k, x in enumerate(images):
        theta = np.deg2rad(rng.uniform(-rotation, rotation))
        tx, ty = rng.uniform(-height_shift, height_shift) * h, rng.uniform(-width_shift, width_shift) * w
        z = rng.uniform(1 - zoom, 1 + zoom)
        rot = np.array([[np.cos(theta), -np.sin(theta), 0], [np.sin(theta), np.cos(theta), 0], [0, 0, 1]])
        shift = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
        scale = np.array([[1 / z, 0, 0], [0, 1 / z, 0], [0, 0, 1]])
        m = rot @ shift @ scale
        o = np.array([[1, 0, h / 2 - 0.5], [0, 1, w / 2 - 0.5], [0, 0, 1]])
        m = o @ m @ np.array([[1, 0, -h / 2 + 0.5], [0, 1, -w / 2 + 0.5], [0, 0, 1]])
        ch = np.rollaxis(x, 2, 0)
        ch = [ndi.affine_transform(c, m[:2, :2], m[:2, 2], order=1, mode='constant', cval=0.0) for c in ch]
        out[k] = np.rollaxis(np.stack(ch, axis=0), 0, 3)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--data', default=None, help='MNIST source for load_mnist (default: $SIAMESE_NB_DATA, else Keras)')
    p.add_argument('--aug-images', type=int, default=20_000, help='images for the augmentation comparison')
    a = p.parse_args()
    ((x, y), _), src = load_mnist(a.data, with_source=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
    print(f"data: {src}, x_train {x.shape}; {cores} CPU cores\n")

    n_pairs = 2 * len(y)
    t0 = time.perf_counter(); classic_pairs(y, np.random.default_rng(0)); t_loop = time.perf_counter() - t0
    t_vec = best_time(lambda: make_pair_indices(y, n_pairs, seed=0))
    r1 = t_loop / t_vec
    print(f"1. {n_pairs:,} pairs from {len(y):,} labels")
    print(f"   classic np.where loop   {t_loop:10.3f} s")
    print(f"   make_pair_indices       {t_vec:10.4f} s    {r1:,.0f}x faster  (target >= 500x: {'met' if r1 >= 500 else 'NOT met'})\n")

    n = min(a.aug_images, len(x))
    xf = x[:n, ..., None].astype(np.float32) / np.float32(255)
    t_cl = best_time(lambda: classic_augment(xf, np.random.default_rng(0), **AUGMENT_DEFAULTS), repeat=1)
    rows = []
    for bs in (256, 1024):
        t = best_time(lambda: [augment(xf[k:k + bs], k, **AUGMENT_DEFAULTS) for k in range(0, n, bs)], repeat=3)
        rows.append((bs, t))
    print(f"2. augmenting {n:,} images, {AUGMENT_DEFAULTS}")
    print(f"   scipy.ndimage per image  {n / t_cl:10,.0f} images/s")
    for bs, t in rows:
        r2 = t_cl / t
        print(f"   augment, batches of {bs:<4} {n / t:10,.0f} images/s    {r2:.1f}x faster  (target >= 4x: {'met' if r2 >= 4 else 'NOT met'})")
    print()

    print("3. PairGenerator(batch_size=128, augment=True) on the full training set")
    for workers in (1, 2):
        gen = PairGenerator(x, y, batch_size=128, steps_per_epoch=200, augment=True, seed=0)
        gen[0]
        with ThreadPool(workers) as pool:    # what keras' PyDataset enqueuer does with `workers` threads
            t0 = time.perf_counter(); pool.map(gen.__getitem__, range(len(gen))); t = time.perf_counter() - t0
        rate = 128 * len(gen) / t
        print(f"   {workers} worker thread{'s' if workers > 1 else ' '}        {rate:10,.0f} pairs/s  (target >= 20,000: {'met' if rate >= 20_000 else 'NOT met'})")
    gen = PairGenerator(x, y, batch_size=128, steps_per_epoch=200, augment=None, seed=0)
    t = best_time(lambda: [gen[k] for k in range(len(gen))], repeat=2)
    print(f"   (no augmentation, 1 thread: {128 * len(gen) / t:,.0f} pairs/s)")


if __name__ == '__main__':
    main()
