"""Install anywhere: the wheel carries its data and runs the main job from a fresh virtual environment;
numba's cache moves to a user folder when the package folder is read-only, and is switched off (one
warning) when nothing is writable."""
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _source_copy(dest: Path) -> Path:
    """The files a clean clone has (git ls-files), or the tree without local clutter."""
    try:
        files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True).stdout
        names = [n for n in files.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()
                 and not any(part in (".venv", ".git", "__pycache__", "build") for part in p.parts)]
    for name in names:
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = _source_copy(tmp / "src")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                    str(tmp / "dist"), str(src)], check=True, capture_output=True)
    (whl,) = (tmp / "dist").glob("pheno-*.whl")
    return whl


@pytest.mark.slow
def test_wheel_contains_the_toy_limit_file(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "pheno/data/toy_sigma_ul.csv" in names
    assert "pheno/models/lmultau.py" in names and "pheno/kernels/llx.py" in names


@pytest.mark.slow
def test_main_job_runs_from_a_wheel_in_a_fresh_venv(wheel, tmp_path):
    """Fresh venv in a temp dir, the wheel installed into it (dependencies seen through a .pth on this
    environment's site-packages, so no download), then `pheno tables --out tmpdir` from that folder."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "_pheno_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NUMBA_CACHE_DIR")}
    probe = subprocess.run([str(py), "-c", "import pheno, pheno.tables as t; print(pheno.__file__); print(t.TOY_LIMIT)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr[-2000:]
    where = probe.stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where   # the installed copy, not the source tree
    exe = venv / ("Scripts" if os.name == "nt" else "bin") / "pheno"
    out = subprocess.run([str(exe), "tables", "--out", str(tmp_path / "tables")], cwd=tmp_path, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    written = {p.name for p in (tmp_path / "tables").iterdir()}
    assert {"lmultau_gprime_mass.png", "muonphilic_gS_mass.png", "lmultau_widths.csv"} <= written
    # everything committed, except what converts published limits (they need --reference-dir; pheno ships none)
    needs_reference_data = {"darkscalar_sintheta_mass.png", "lfv_alp_tau_F_limit.csv", "lfv_alp_tau_F_limit.png"}
    assert written == {p.name for p in (ROOT / "tables").iterdir()} - needs_reference_data


_PROBE = textwrap.dedent("""
    import os, sys, warnings
    mode, package = sys.argv[1], sys.argv[2]
    real = os.access
    def access(path, flags, **kw):   # simulate read-only folders (root ignores permission bits)
        if flags & os.W_OK and (mode == "nothing" or str(path).startswith(package)):
            return False
        return real(path, flags, **kw)
    os.access = access
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import pheno
        from pheno.models import LmuLtau
        sigma = float(LmuLtau(mass=1.0, g=1.0).cross_section("e+ e- > mu+ mu- Z'"))
    print(pheno._numba_cache.MODE)
    print(sigma)
    print(sum("numba" in str(w.message) for w in caught))
""")


def test_every_subpackage_is_packaged():
    """pyproject.toml lists the packages explicitly (models/ is mapped to pheno.models): a new
    subpackage missing from the list would be absent from the wheel."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"pheno." + ".".join(p.parent.relative_to(ROOT / "pheno").parts) if p.parent != ROOT / "pheno" else "pheno"
             for p in (ROOT / "pheno").rglob("__init__.py")} | {"pheno.models"}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages in pyproject.toml"


@pytest.mark.parametrize("mode", ["package", "nothing"])
def test_numba_cache_without_a_writable_package_folder(tmp_path, mode):
    import pheno
    from pheno.models import LmuLtau

    package = str(Path(pheno.__file__).resolve().parent)
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    out = subprocess.run([sys.executable, "-c", _PROBE, mode, package], env=env, capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    where, sigma, n_warnings = out.stdout.split()
    assert float(sigma) == float(LmuLtau(mass=1.0, g=1.0).cross_section("e+ e- > mu+ mu- Z'"))
    if mode == "package":   # read-only package: the user cache folder holds the compiled kernels
        assert where == f"user:{tmp_path / 'cache' / 'pheno' / 'numba'}" and int(n_warnings) == 0
        assert list((tmp_path / "cache").rglob("*.nbi"))
    else:                   # nothing writable: no cache, one warning, same numbers
        assert where == "off" and int(n_warnings) == 1
        assert not (tmp_path / "cache").exists()
