"""sitegen as a new user has it: a wheel built from this repository, installed alone into a
fresh virtualenv, and its commands run as subprocesses from folders outside the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sitekit import REPO

# What a wheel is built from; nothing else of the checkout is copied, so nothing else can
# leak into the wheel or be relied on by it.
SOURCES = ("pyproject.toml", "README.md", "sitegen", "templates")


@dataclass(frozen=True)
class Installed:
    """A virtualenv holding only sitegen (and its dependencies), made from `wheel`."""

    venv: Path
    wheel: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def run(self, *command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        """Run a command of the virtualenv (`sitegen ...`, `python ...`) as a shell would."""
        env = {
            "PATH": f"{self.bin}{os.pathsep}/usr/bin:/bin",
            "HOME": str(cwd),
            "LANG": "C.UTF-8",
        }
        return subprocess.run(
            [str(self.bin / command[0]), *command[1:]],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )


def _pip(*args: str, cwd: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def build_wheel(folder: Path) -> Path:
    """Build sitegen's wheel from a copy of its sources in `folder`; return the wheel."""
    source = folder / "source"
    for name in SOURCES:
        if (REPO / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(REPO / name, source / name, ignore=ignore)
        else:
            source.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    _pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(folder), str(source), cwd=folder)
    (wheel,) = folder.glob("sitegen-*.whl")
    return wheel


def install(folder: Path) -> Installed:
    """A fresh virtualenv in `folder` with the wheel installed in it, and nothing else of ours."""
    wheel = build_wheel(folder)
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return Installed(venv, wheel)
