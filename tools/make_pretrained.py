"""Train the small `best` model that ships inside the package (siamese_nb/pretrained/), on full MNIST.

Usage: python tools/make_pretrained.py [--data DIR] [--epochs N] [--run DIR]
       python tools/make_pretrained.py --from-run runs/bench/best/seed0
  --data      the four MNIST IDX files (default: $SIAMESE_NB_DATA)
  --epochs    fewer epochs than the recipe's, for a quick placeholder (default: the recipe's own)
  --run       where the training run is written (default: a temporary folder, removed afterwards)
  --from-run  package a finished `siamese-nb train --recipe best` run (e.g. the benchmark's seed 0) instead of training again

It runs `siamese-nb train --recipe best --data DIR --out RUN`, then copies RUN/model.keras to
siamese_nb/pretrained/best_mnist.keras and RUN/metrics.json to siamese_nb/pretrained/best_mnist.metrics.json, with the
data folder replaced by 'MNIST' (the package holds no machine paths; evaluating the shipped model without --data then
uses $SIAMESE_NB_DATA or Keras' MNIST) and the command that made it recorded under "made_by".
"""
import argparse, json, os, shutil, subprocess, sys, tempfile
from pathlib import Path
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEST = ROOT/'siamese_nb'/'pretrained'

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--data', default=os.environ.get('SIAMESE_NB_DATA'), help='the MNIST IDX files (default: $SIAMESE_NB_DATA)')
    p.add_argument('--epochs', type=int, help="epochs (default: the best recipe's own)")
    p.add_argument('--run', help='keep the training run in this folder (default: a temporary one)')
    p.add_argument('--from-run', metavar='DIR', help='package this finished run of the best recipe instead of training one')
    a = p.parse_args()
    if a.from_run:
        run = Path(a.from_run); m = json.loads((run/'metrics.json').read_text()) if (run/'metrics.json').is_file() else {}
        if m.get('recipe') != 'best': sys.exit(f"{run} holds no finished run of the best recipe (its metrics.json names {m.get('recipe')!r})")
        made_by = f"siamese-nb train --recipe best --seed {m.get('seed', 0)} --data MNIST, packaged by python tools/make_pretrained.py --from-run"
    else:
        if not a.data or not Path(a.data).is_dir(): sys.exit('give --data DIR (or set $SIAMESE_NB_DATA): the folder of the four MNIST IDX files')
        run = Path(a.run) if a.run else Path(tempfile.mkdtemp(prefix='pretrained_'))/'run'
        cmd = [sys.executable, '-m', 'siamese_nb', 'train', '--recipe', 'best', '--data', str(a.data), '--out', str(run), '--overwrite']
        if a.epochs: cmd += ['--epochs', str(a.epochs)]
        print('running', ' '.join(cmd[2:]).replace(str(a.data), 'MNIST'), flush=True)
        subprocess.run(cmd, check=True)
        made_by = 'python tools/make_pretrained.py' + (f' --epochs {a.epochs}' if a.epochs else '')

    import siamese_nb; siamese_nb._import_tensorflow_quietly()
    import keras                                                       # siamese_nb registers its layers with Keras
    from siamese_nb.model import model_info, set_model_info
    model = keras.saving.load_model(run/'model.keras', safe_mode=True)
    info = model_info(model)
    set_model_info(model, {**info, 'data': None, 'data_source': 'idx:MNIST'})   # no machine path inside the package
    clean = keras.models.clone_model(model); clean.set_weights(model.get_weights())   # without the tower's optimizer state (2 MB)
    x = np.random.default_rng(0).random((8, 28, 28, 1), np.float32)
    assert np.array_equal(clean.predict([x, x[::-1]], verbose=0), model.predict([x, x[::-1]], verbose=0)), 'the copy predicts otherwise'
    DEST.mkdir(exist_ok=True)
    clean.save(DEST/'best_mnist.keras')
    m = json.loads((run/'metrics.json').read_text())
    m.update(data_source='idx:MNIST', made_by=made_by)
    (DEST/'best_mnist.metrics.json').write_text(json.dumps(m, indent=1) + '\n')
    if not a.run and not a.from_run: shutil.rmtree(run.parent, ignore_errors=True)
    size = (DEST/'best_mnist.keras').stat().st_size
    print(f"wrote {DEST.relative_to(ROOT)}/best_mnist.keras ({size / 1e6:.1f} MB) and best_mnist.metrics.json: "
          f"{m['recipe']}, {m['epochs']} epochs, test pair accuracy {m['pair_accuracy']:.4f}, 1-NN {m['knn_accuracy']:.4f}")

if __name__ == '__main__': main()
