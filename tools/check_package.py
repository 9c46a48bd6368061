"""Build the wheel and the sdist as `pip install` and PyPI would, and check what they hold; exit 1 listing every problem.

    python tools/check_package.py

Checks: every file of the package source (modules, the embedded sample, the shipped model) is in the wheel; LICENSE is in
both; the metadata names the requirements of settings.ini (numpy>=2 among them), requires the `min_python` of settings.ini,
and claims exactly its `py_versions` as Python classifiers; the console script is declared.
"""
import configparser, email, subprocess, sys, tarfile, tempfile, zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def build(kind:str, out:Path) -> Path:
    "Build a 'wheel' or an 'sdist' into `out` with pip's or setuptools' own machinery; the file made."
    if kind == 'wheel': cmd = [sys.executable, '-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '-q', '-w', str(out), str(ROOT)]
    else: cmd = [sys.executable, 'setup.py', '-q', 'sdist', '-d', str(out)]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode: sys.exit(f"FAIL: building the {kind} failed:\n{r.stdout}{r.stderr}")
    return next(out.glob('*.whl' if kind == 'wheel' else '*.tar.gz'))

def main() -> int:
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini'); c = cfg['DEFAULT']
    lib, problems = c['lib_path'], []
    with tempfile.TemporaryDirectory() as tmp:
        whl, sdist = build('wheel', Path(tmp)), build('sdist', Path(tmp))
        z = zipfile.ZipFile(whl); names = set(z.namelist())
        meta = email.message_from_bytes(z.read(next(n for n in names if n.endswith('.dist-info/METADATA'))))
        ep = next((n for n in names if n.endswith('.dist-info/entry_points.txt')), None)
        scripts = z.read(ep).decode() if ep else ''
        sdist_names = {n.split('/', 1)[1] for n in tarfile.open(sdist).getnames() if '/' in n}
    src = [p.relative_to(ROOT).as_posix() for p in (ROOT/lib).rglob('*') if p.is_file() and '__pycache__' not in p.parts and p.suffix != '.pyc']
    problems += [f"{f} is in the source but not in the wheel" for f in src if f not in names]
    if not any(n.endswith('.dist-info/LICENSE') or n.endswith('/licenses/LICENSE') for n in names): problems.append('the wheel holds no LICENSE')
    if 'LICENSE' not in sdist_names: problems.append('the sdist holds no LICENSE')
    from packaging.requirements import Requirement
    reqs = {(q.name, str(q.specifier)) for q in map(Requirement, meta.get_all('Requires-Dist') or []) if not q.marker}
    for r in map(Requirement, c['requirements'].split()):
        if (r.name, str(r.specifier)) not in reqs: problems.append(f"requirement {r} missing from the metadata ({sorted(reqs)})")
    if not any(n == 'numpy' and Requirement(f'numpy{sp}').specifier.contains('2.0') and not Requirement(f'numpy{sp}').specifier.contains('1.26')
               for n, sp in reqs): problems.append('numpy>=2 is not required (the tests use numpy 2 functions)')
    if meta.get('Requires-Python', '').replace(' ', '') != f">={c['min_python']}": problems.append(f"Requires-Python is {meta.get('Requires-Python')!r}, not >={c['min_python']}")
    claimed = sorted(v.rsplit(' :: ', 1)[1] for v in meta.get_all('Classifier') or [] if v.startswith('Programming Language :: Python :: '))
    if claimed != sorted(c.get('py_versions', c['min_python']).split()): problems.append(f"Python classifiers {claimed} differ from py_versions {c.get('py_versions')}")
    if 'siamese-nb' not in scripts: problems.append('the siamese-nb console script is not declared')
    for p in problems: print('FAIL:', p)
    if not problems: print(f"package OK: {whl.name} ({len(names)} files) and {sdist.name}; metadata and licence checked")
    return 1 if problems else 0

if __name__ == '__main__': sys.exit(main())
