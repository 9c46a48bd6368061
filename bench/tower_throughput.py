"""Training throughput of the towers in `siamese_nb.model` (images/s for one forward+backward Adam step).

    python bench/tower_throughput.py [--batch 256] [--steps 16] [--out bench/tower_throughput.json]

Prints a table and writes it, with the machine, versions and load average, to `--out`;
nbs/03_model.ipynb reads that JSON file and prints the table from it.
"""
import argparse, json, os, platform, time
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
LOAD_BEFORE = os.getloadavg()                 # before TensorFlow starts: how busy the machine already was
import numpy as np, keras, tensorflow as tf
from keras import layers
from siamese_nb.model import mlp_tower, cnn_tower, small_cnn_tower, MaxPool2x2, L2Normalize, _conv_bn_relu

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

def busy_note(before, after, cpus) -> str:
    "A warning when other work shared the CPU: a load before the run, or more load at its end than this script makes."
    if before[0] <= 0.5 * cpus and after[0] <= cpus + 0.5: return ''
    return (f"the CPU was shared with other work (1-minute load average {before[0]:.2f} before the run and {after[0]:.2f} "
            f"at its end, on {cpus} CPUs, this script itself using about {cpus}): the numbers are lower, and noisier, "
            "than on a quiet machine")

def small_cnn_bn_first(width=32, embedding_dim=64):
    "`small_cnn_tower()` with batch norm on the first convolution too (the variant the library does not use)."
    inp = keras.Input((28, 28, 1), name='image')
    x = MaxPool2x2()(_conv_bn_relu(inp, width // 2))
    x = MaxPool2x2()(_conv_bn_relu(x, width))
    x = _conv_bn_relu(_conv_bn_relu(x, 2 * width), 2 * width)
    x = L2Normalize()(layers.Dense(embedding_dim, name='embedding')(layers.GlobalAveragePooling2D()(x)))
    return keras.Model(inp, x, name='small_cnn_bn_first')

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--batch', type=int, default=256); p.add_argument('--steps', type=int, default=16)
    p.add_argument('--out', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'tower_throughput.json'))
    a = p.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
    print(f"{cpus} CPUs, TensorFlow {tf.__version__}, Keras {keras.__version__}, batch {a.batch}; load average before: {LOAD_BEFORE[0]:.2f}")
    towers = {'small_cnn_tower()': small_cnn_tower(), "small_cnn_tower(pool='flatten')": small_cnn_tower(pool='flatten'),
              'small_cnn_tower(width=16)': small_cnn_tower(width=16),
              'small_cnn_tower(width=64)': small_cnn_tower(width=64), 'cnn_tower()': cnn_tower(), 'mlp_tower()': mlp_tower(),
              'small_cnn_tower(), BN on conv 1 too': small_cnn_bn_first()}
    throughput(small_cnn_tower(), a.batch, 4)   # warm up the process (the first model timed runs slow)
    print(f"{'tower':32s} {'params':>9s} {'train img/s':>12s} {'train, XLA':>11s} {'predict img/s':>14s}")
    rows, t_start = [], time.time()
    for name, m in towers.items():
        steps = a.steps if 'cnn_tower()' != name else max(2, a.steps // 8)
        r = dict(tower=name, params=m.count_params(), train=throughput(m, a.batch, steps),
                 train_xla=throughput(m, a.batch, steps, xla=True), predict=throughput(m, a.batch, steps, train=False))
        rows.append({k: round(v, 1) if isinstance(v, float) else v for k, v in r.items()})
        print(f"{name[:32]:32s} {r['params']:9,d} {r['train']:12,.0f} {r['train_xla']:11,.0f} {r['predict']:14,.0f}", flush=True)
    load_after = os.getloadavg()
    out = dict(script='bench/tower_throughput.py', cpus=cpus, machine=platform.machine(), python=platform.python_version(),
               tensorflow=tf.__version__, keras=keras.__version__, batch=a.batch, steps=a.steps,
               what='images/s: a training step is forward, backward and an Adam update with a stand-in loss; best of two timings',
               seconds=round(time.time() - t_start, 1), load_average_before=[round(v, 2) for v in LOAD_BEFORE],
               load_average_after=[round(v, 2) for v in load_after],
               note=busy_note(LOAD_BEFORE, load_after, cpus),
               rows=rows)
    with open(a.out, 'w') as f: json.dump(out, f, indent=1); f.write('\n')
    print('wrote', a.out)
