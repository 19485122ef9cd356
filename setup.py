"""What the package build does beyond pyproject.toml: an installed package carries the compiled
translation catalogues, the templates, the static files and the migrations, so that
`pip install .` gives an app that works, in Dutch, without a checkout beside it.

An editable install (`pip install -e .`, as `make` does) reads all of them from the checkout
instead, where `make` compiles the catalogues.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.setuptools_frontend import compile_catalog
from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# Beside the package in a checkout, inside it once installed (see challenges.ROOT).
RESOURCES = ("templates", "static", "migrations")


class build_py_with_resources(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            return
        package = Path(self.build_lib) / "challenges"
        for name in RESOURCES:
            shutil.rmtree(package / name, ignore_errors=True)
            shutil.copytree(ROOT / name, package / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.py[cod]"))
        # The same compilation as `pybabel compile -d challenges/translations`, in the build.
        compile = self.reinitialize_command("compile_catalog")
        compile.directory = str(package / "translations")
        self.run_command("compile_catalog")


setup(cmdclass={"build_py": build_py_with_resources, "compile_catalog": compile_catalog})
