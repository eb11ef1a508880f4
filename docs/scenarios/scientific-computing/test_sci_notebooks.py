"""The notebooks of "Scientific computing", run for real.

The py:percent notebook is converted to .ipynb by Jupytext (its library, the code behind
its command, in this process to save a start-up), executed top to bottom by nbclient in a
fresh IPython kernel (this interpreter, from a kernel spec written to a temporary folder,
so nothing in $HOME is read or written), stripped by the real nbstripout command, and
converted back. The marimo notebook runs as a plain script. Every one must print what the
script version prints.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jupytext
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

# Under `make test` (pytest-xdist, --dist loadgroup) this file runs on one worker, so the
# module fixtures run once.
pytestmark = pytest.mark.xdist_group("scientific-computing-notebooks")

HERE = Path(__file__).parent
PERCENT_NOTEBOOK = HERE / "sci_notebook.py"
MARIMO_NOTEBOOK = HERE / "sci_marimo_notebook.py"
KERNEL_NAME = "field-guide-sample"
TIMEOUT = 120  # seconds for any one command or cell; each takes a few on a quiet machine


@pytest.fixture(scope="module")
def jupyter_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A kernel spec for this very interpreter, and Jupyter's folders, all under tmp."""
    home = tmp_path_factory.mktemp("jupyter")
    spec = home / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "sample Python", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("JUPYTER_RUNTIME_DIR", str(home / "runtime"))
        patch.setenv("JUPYTER_CONFIG_DIR", str(home / "config"))
        patch.setenv("JUPYTER_DATA_DIR", str(home / "data"))
        patch.setenv("IPYTHONDIR", str(home / "ipython"))
        patch.setenv("MPLBACKEND", "Agg")
        yield home


def run_tool(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )


def execute(notebook: nbformat.NotebookNode, jupyter_home: Path) -> None:
    """Run every cell in order in a new kernel: "restart and run all"."""
    specs = KernelSpecManager(kernel_dirs=[str(jupyter_home / "kernels")])
    manager = KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)
    client = NotebookClient(notebook, km=manager, timeout=TIMEOUT)
    try:
        client.execute()
    finally:
        # nbclient leaves the kernel of a manager we pass in running: stopping it is ours.
        if client.kc is not None:
            client.kc.stop_channels()
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)


def printed(notebook: nbformat.NotebookNode) -> str:
    return "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream"
    )


@pytest.fixture(scope="module")
def script_output(jupyter_home: Path) -> str:
    return run_tool(PERCENT_NOTEBOOK, cwd=jupyter_home).stdout


@pytest.fixture(scope="module")
def executed_notebook(jupyter_home: Path) -> Path:
    """sci_notebook.py turned into .ipynb by jupytext, then run top to bottom."""
    work = jupyter_home / "notebook"
    work.mkdir()
    source = work / PERCENT_NOTEBOOK.name
    source.write_text(PERCENT_NOTEBOOK.read_text(encoding="utf-8"), encoding="utf-8")
    ipynb = source.with_suffix(".ipynb")
    notebook = jupytext.read(source)
    execute(notebook, jupyter_home)
    nbformat.write(notebook, ipynb)
    return ipynb


def test_the_notebook_runs_top_to_bottom_and_agrees_with_the_script(
    executed_notebook: Path, script_output: str
) -> None:
    notebook = nbformat.read(executed_notebook, as_version=4)
    assert script_output.startswith("warm days: ")
    assert printed(notebook) == script_output
    counts = [cell.execution_count for cell in notebook.cells if cell.cell_type == "code"]
    assert counts == [1, 2, 3], "a fresh kernel runs the cells once each, in order"


def test_a_notebook_that_only_worked_out_of_order_fails_in_a_fresh_kernel(
    jupyter_home: Path,
) -> None:
    # Written by running the second cell first and then editing it away: the author's
    # kernel still had `threshold`, a fresh one does not.
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("print(15 > threshold)"),
            nbformat.v4.new_code_cell("limit = 15"),
        ]
    )
    with pytest.raises(CellExecutionError, match="name 'threshold' is not defined"):
        execute(notebook, jupyter_home)


def test_nbstripout_removes_outputs_and_keeps_the_code(executed_notebook: Path) -> None:
    stripped = executed_notebook.with_name("stripped.ipynb")
    stripped.write_bytes(executed_notebook.read_bytes())
    run_tool("-m", "nbstripout", stripped, cwd=stripped.parent)
    before = nbformat.read(executed_notebook, as_version=4)
    after = nbformat.read(stripped, as_version=4)
    assert any(cell.get("outputs") for cell in before.cells)
    code_cells = [cell for cell in after.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code_cells)
    assert [cell.source for cell in after.cells] == [cell.source for cell in before.cells]


def test_jupytext_turns_the_notebook_back_into_the_same_percent_script(
    executed_notebook: Path,
) -> None:
    back = executed_notebook.with_name("back.py")
    jupytext.write(nbformat.read(executed_notebook, as_version=4), back, fmt="py:percent")
    text = back.read_text(encoding="utf-8")
    assert "warm days: 1" not in text, "outputs stay in the .ipynb, never in the script"
    original = PERCENT_NOTEBOOK.read_text(encoding="utf-8")
    assert text.endswith(original), "the cells come back unchanged, after a metadata header"


def test_the_marimo_notebook_runs_as_a_script(jupyter_home: Path, script_output: str) -> None:
    if sys.version_info < (3, 15):
        result = run_tool(MARIMO_NOTEBOOK, cwd=jupyter_home)
        assert result.stdout == script_output
        return
    # marimo needs loro, which has no wheel for Python 3.15 yet (November 2026).
    assert importlib.util.find_spec("marimo") is None, (
        "marimo is installed on Python 3.15 now: run its notebook here too"
    )
    result = subprocess.run(
        [sys.executable, str(MARIMO_NOTEBOOK)],
        cwd=jupyter_home,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env={**os.environ},
    )
    assert result.returncode == 1
    assert "ModuleNotFoundError: No module named 'marimo'" in result.stderr, (
        "marimo is missing on Python 3.15: its dependency loro has no wheel for it"
    )
