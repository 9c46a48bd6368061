"""Does XLA pay on TensorFlow? Training seconds per batch of each CNN recipe with its step compiled by XLA and without.

    python bench/xla_step.py [--recipes best ranknet-fast transfer classifier] [--steps 30] [--out bench/xla_step.json]

Each recipe trains 3 epochs of --steps batches on full MNIST (../shared/data/mnist, or --data) on TensorFlow under op
determinism (the library's default), once with `jit_compile='xla'` and once with `jit_compile=False`; the first epoch
(tracing and compiling) is left out and the two others' training seconds (validation excluded) give seconds per batch.
The two runs of a recipe alternate, so a change in the machine's load touches both. Writes --out (JSON, with the machine,
versions and load average); nbs/05_training.ipynb reads it. Nothing runs on import.
"""
import argparse, dataclasses, json, os, platform, tempfile, time
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]

def seconds_per_batch(name, jit, data, steps, seed=0):
    "Median training seconds per batch of `name` over epochs 2 and 3."
    from siamese_nb.training import train, get_recipe
    with tempfile.TemporaryDirectory() as d:
        train(get_recipe(name, jit_compile=jit), data=data, epochs=3, steps_per_epoch=steps, early_validation=None,
              out=Path(d)/'run', seed=seed, verbose=0)
        s = [e['seconds'] for e in json.loads((Path(d)/'run'/'history.json').read_text())]
    per_epoch = [b - a for a, b in zip([0] + s, s)][1:]
    return sorted(per_epoch)[len(per_epoch) // 2] / steps

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--recipes', nargs='+', default=['best', 'ranknet-fast', 'transfer', 'classifier'])
    p.add_argument('--steps', type=int, default=30, help='batches per epoch (default: 30)')
    p.add_argument('--data', default=str(ROOT.parent/'shared'/'data'/'mnist'))
    p.add_argument('--out', default=str(ROOT/'bench'/'xla_step.json'))
    a = p.parse_args(argv)
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
    load0, t0 = os.getloadavg(), time.perf_counter()
    import keras, tensorflow as tf
    if keras.backend.backend() != 'tensorflow': raise SystemExit(f"run it with KERAS_BACKEND=tensorflow (now {keras.backend.backend()!r})")
    rows = []
    for name in a.recipes:
        xla, eager = seconds_per_batch(name, 'xla', a.data, a.steps), seconds_per_batch(name, False, a.data, a.steps)
        rows.append(dict(recipe=name, xla_s_per_batch=round(xla, 4), eager_s_per_batch=round(eager, 4), speedup=round(eager / xla, 2)))
        print(f"{name:14s} XLA {xla * 1e3:7.1f} ms/batch   without {eager * 1e3:7.1f} ms/batch   XLA {eager / xla:.2f}x", flush=True)
    out = dict(script='bench/xla_step.py', machine=platform.machine(), cpus=os.cpu_count(), python=platform.python_version(),
               tensorflow=tf.__version__, keras=keras.__version__, steps=a.steps, seconds=round(time.perf_counter() - t0, 1),
               load_average_before=[round(v, 2) for v in load0], load_average_after=[round(v, 2) for v in os.getloadavg()],
               what="training seconds per batch on TensorFlow under op determinism, median of epochs 2-3 (the first compiles), validation excluded",
               rows=rows)
    Path(a.out).write_text(json.dumps(out, indent=1) + '\n'); print('wrote', a.out)

if __name__ == '__main__': main()
