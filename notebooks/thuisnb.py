"""Small helpers the notebooks share: find the repository, build thuis once,
run it, and read a directory's data dictionary (datapackage.json).

Set THUIS_BIN to use a thuis binary you already have; otherwise the first
call builds one from this checkout with `go build` into a temporary
directory (a few seconds with a warm Go cache).
"""
import json
import os
import pathlib
import shutil
import subprocess
import tempfile

import pandas as pd

_binary = None


def repo_root():
    """The checkout this notebook lives in: the first parent with thuis's go.mod."""
    here = pathlib.Path.cwd().resolve()
    for d in [here, *here.parents]:
        gomod = d / "go.mod"
        if gomod.exists() and "module github.com/thuis-nl/thuis" in gomod.read_text():
            return d
    raise RuntimeError(f"no thuis checkout above {here}")


def binary():
    """Path of a thuis binary: $THUIS_BIN, or one built once from this checkout."""
    global _binary
    if _binary is None:
        if os.environ.get("THUIS_BIN"):
            _binary = os.environ["THUIS_BIN"]
        else:
            out = pathlib.Path(tempfile.mkdtemp(prefix="thuis-bin-")) / "thuis"
            subprocess.run(["go", "build", "-o", str(out), "./cmd/thuis"],
                           cwd=repo_root(), check=True)
            _binary = str(out)
    return _binary


def thuis(*args, cwd=None):
    """Run `thuis ARGS...`; return what it printed on stdout. Raise, with its
    error output, if it fails. Progress lines on stderr are not shown."""
    p = subprocess.run([binary(), *map(str, args)], cwd=cwd,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"thuis {' '.join(map(str, args))} failed:\n{p.stderr}")
    return p.stdout


def workdir():
    """A fresh temporary directory holding a copy of the small test scenario
    (small.yaml and the regions file it names): the plan at 1/20 scale in
    three regions, from 2021; a run takes about a tenth of a second."""
    d = pathlib.Path(tempfile.mkdtemp(prefix="thuis-nb-"))
    src = repo_root() / "model" / "sweep" / "testdata"
    shutil.copy(src / "small.yaml", d / "small.yaml")
    shutil.copytree(src / "regions", d / "regions")
    return d


def dictionary(directory):
    """The data dictionary of an output directory as one table: per file
    (resource) and column its type, unit, group and meaning."""
    dp = json.loads((pathlib.Path(directory) / "datapackage.json").read_text())
    rows = []
    for res in dp["resources"]:
        for f in res["schema"]["fields"]:
            rows.append({"file": res["path"], "column": f["name"],
                         "type": f.get("type"), "unit": f.get("unit", ""),
                         "group": f.get("group", ""),
                         "description": f.get("description", "")})
    return pd.DataFrame(rows)


# Frictionless types to pandas dtypes; booleans and dates are parsed after
# reading (thuis writes booleans as true/false).
_DTYPES = {"string": "string", "integer": "Int64", "number": "float64",
           "boolean": "string", "date": "string", "year": "Int64"}


def read(directory, path):
    """Read one CSV of an output directory with the column types its
    datapackage.json gives (seeds stay text, so they stay exact)."""
    directory = pathlib.Path(directory)
    d = dictionary(directory)
    d = d[d.file == path]
    dtypes = {r.column: _DTYPES.get(r.type, "object") for r in d.itertuples()}
    df = pd.read_csv(directory / path, dtype=dtypes)
    for r in d.itertuples():
        if r.type == "boolean":
            df[r.column] = df[r.column].map({"true": True, "false": False}).astype("boolean")
        elif r.type == "date":
            df[r.column] = pd.to_datetime(df[r.column])
    return df
