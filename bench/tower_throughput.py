"""Training throughput of the towers in `siamese_nb.model` (images/s for one forward+backward Adam step).

    python bench/tower_throughput.py [--batch 256] [--steps 16]

Numbers quoted in nbs/03_model.ipynb come from this script on a 2-core CPU.
"""
import argparse, os, time
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
import numpy as np, keras, tensorflow as tf
from siamese_nb.model import mlp_tower, cnn_tower, small_cnn_tower

def throughput(model, batch=256, steps=16, train=True, xla=False):
    "Images per second of a training step (forward + backward + Adam) or, with train=False, of inference; `xla` compiles it with XLA."
    opt = keras.optimizers.Adam()
    x = tf.constant(np.random.default_rng(0).random((batch,) + tuple(model.inputs[0].shape[1:]), dtype=np.float32))
    @tf.function(jit_compile=xla)
    def step(x):
        with tf.GradientTape() as tape:
            e = model(x, training=True)
            loss = tf.reduce_mean(tf.matmul(e, e, transpose_b=True)) + sum(model.losses)
        g = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(g, model.trainable_variables))
        return loss
    fn = step if train else tf.function(lambda x: model(x, training=False), jit_compile=xla)
    for _ in range(3): np.asarray(fn(x))      # trace, and let oneDNN pick its kernels
    best = 0.0
    for _ in range(2):                          # best of two timings
        t0 = time.perf_counter()
        for _ in range(steps): np.asarray(fn(x))
        best = max(best, batch * steps / (time.perf_counter() - t0))
    return best

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--batch', type=int, default=256); p.add_argument('--steps', type=int, default=16)
    a = p.parse_args()
    print(f"{os.cpu_count()} CPUs, TensorFlow {tf.__version__}, Keras {keras.__version__}, batch {a.batch}")
    towers = {'small_cnn_tower()': small_cnn_tower(), "small_cnn_tower(pool='flatten')": small_cnn_tower(pool='flatten'),
              'small_cnn_tower(width=16)': small_cnn_tower(width=16),
              'small_cnn_tower(width=64)': small_cnn_tower(width=64), 'cnn_tower()': cnn_tower(), 'mlp_tower()': mlp_tower()}
    throughput(small_cnn_tower(), a.batch, 4)   # warm up the process (the first model timed runs slow)
    print(f"{'tower':32s} {'params':>9s} {'train img/s':>12s} {'train, XLA':>11s} {'predict img/s':>14s}")
    for name, m in towers.items():
        steps = a.steps if 'cnn_tower()' != name else max(2, a.steps // 8)
        print(f"{name:32s} {m.count_params():9,d} {throughput(m, a.batch, steps):12,.0f} {throughput(m, a.batch, steps, xla=True):11,.0f} "
              f"{throughput(m, a.batch, steps, train=False):14,.0f}", flush=True)
