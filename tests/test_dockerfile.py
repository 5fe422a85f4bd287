"""The Dockerfile, checked by reading it (no Docker engine here) and by running its CMD and HEALTHCHECK commands
outside a container: non-root, the warehouse on a volume that holds nothing else, the demo warehouse built before
the VOLUME line (so it lands in the image and in a fresh named volume), /health as the health check, gunicorn
with dashboard/gunicorn_conf.py, and every COPY source present and not excluded by .dockerignore."""

from __future__ import annotations

import fnmatch
import json
import os
import posixpath
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from servers import free_port, wait_for
from small_world import SmallWorld

from etl.run import RunOptions, run

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
VOLUME_DIR = "/app/data"
PORT = "8050"


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str
    workdir: str  # the WORKDIR in force


def parse(text: str) -> list[Instruction]:
    """Instructions with continuation lines joined and comments dropped."""
    instructions: list[Instruction] = []
    workdir, pending = "/", ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).strip().partition(" ")
        pending = ""
        keyword = keyword.upper()
        if keyword == "WORKDIR":
            workdir = posixpath.join(workdir, args.strip())
        instructions.append(Instruction(keyword, " ".join(args.split()), workdir))
    return instructions


@pytest.fixture(scope="module")
def instructions() -> list[Instruction]:
    return parse(DOCKERFILE.read_text(encoding="utf-8"))


def _all(instructions: list[Instruction], keyword: str) -> list[Instruction]:
    return [i for i in instructions if i.keyword == keyword]


def _index(instructions: list[Instruction], instruction: Instruction) -> int:
    return instructions.index(instruction)


def _exec_form(instruction: Instruction) -> list[str]:
    args = instruction.args
    if instruction.keyword == "HEALTHCHECK":
        args = args.split(" CMD ", 1)[1]
    return json.loads(args) if args.startswith("[") else shlex.split(args)


def test_runs_as_a_user_that_is_not_root(instructions: list[Instruction]) -> None:
    users = _all(instructions, "USER")
    assert users, "no USER: the server would run as root"
    user = users[-1].args.split(":")[0]
    assert user not in ("root", "0")
    assert any(i.keyword == "RUN" and "useradd" in i.args and user in i.args for i in instructions)
    assert _index(instructions, users[-1]) > max(_index(instructions, i) for i in _all(instructions, "RUN"))


def test_warehouse_is_on_a_volume_declared_after_the_demo_warehouse_is_built(instructions: list[Instruction]) -> None:
    env = " ".join(i.args for i in _all(instructions, "ENV"))
    assert f"SOCIALTAL_DB={VOLUME_DIR}/socialtal.duckdb" in env
    (volume,) = _all(instructions, "VOLUME")
    assert VOLUME_DIR in _exec_form(volume)
    build = next(i for i in _all(instructions, "RUN") if "etl run --demo" in i.args)
    assert f"chown -R socialtal:socialtal {VOLUME_DIR}" in build.args  # etl run writes temp file and lock there
    at = _index(instructions, volume)
    assert _index(instructions, build) < at  # changes to a volume's path after VOLUME are discarded
    for later in instructions[at:]:
        assert later.keyword not in ("RUN", "COPY", "ADD"), f"{later.keyword} after VOLUME: {later.args}"


def test_the_volume_holds_no_code_or_reference_data(instructions: list[Instruction]) -> None:
    """A volume hides the image's files at its path: after an upgrade the old volume would shadow new code."""
    for copy in _all(instructions, "COPY"):
        destination = posixpath.normpath(posixpath.join(copy.workdir, copy.args.split()[-1]))
        assert not (destination + "/").startswith(VOLUME_DIR + "/"), copy.args


def test_every_copy_source_exists_and_is_not_ignored(instructions: list[Instruction]) -> None:
    ignored = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for copy in _all(instructions, "COPY"):
        parts = [p for p in copy.args.split() if not p.startswith("--")]
        for source in parts[:-1]:
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
            for pattern in ignored:
                assert not fnmatch.fnmatch(source, pattern.strip("/")), f"COPY {source} is excluded by {pattern}"


def test_dependencies_are_pinned_by_the_constraints(instructions: list[Instruction]) -> None:
    installs = [i for i in _all(instructions, "RUN") if "pip install" in i.args]
    assert installs and all("-c constraints.txt" in i.args for i in installs)


def test_healthcheck_and_cmd_use_health_and_the_gunicorn_config(instructions: list[Instruction]) -> None:
    (check,) = _all(instructions, "HEALTHCHECK")
    assert f"127.0.0.1:{PORT}/health'" in check.args  # /health, not the liveness-only /healthz
    (cmd,) = _all(instructions, "CMD")
    assert cmd.args.startswith("["), "CMD in exec form: gunicorn is PID 1 and gets docker stop's SIGTERM"
    argv = _exec_form(cmd)
    assert argv[0] == "gunicorn" and argv[-1] == "dashboard.wsgi:server"
    config = argv[argv.index("--config") + 1]
    assert config == "python:dashboard.gunicorn_conf" and (ROOT / "dashboard" / "gunicorn_conf.py").exists()
    assert argv[argv.index("--bind") + 1] == f"0.0.0.0:{PORT}"
    assert not {"--workers", "-w", "--threads", "--access-logfile", "--reload"} & set(argv)  # all in the config
    assert _all(instructions, "EXPOSE")[0].args == PORT


def test_cmd_and_healthcheck_work_outside_docker(instructions: list[Instruction], small_world: SmallWorld) -> None:
    """The image's CMD (gunicorn with the config module) and HEALTHCHECK, run here on a free port: healthy with a
    warehouse, unhealthy (non-zero exit) once it is gone."""
    run(RunOptions(db_path=small_world.db_path, client=small_world.client()), small_world.registry)
    port = str(free_port())
    argv = [a.replace(f"0.0.0.0:{PORT}", f"127.0.0.1:{port}") for a in _exec_form(_all(instructions, "CMD")[0])]
    argv[0] = str(Path(sys.executable).with_name("gunicorn"))
    check = [a.replace(f":{PORT}/", f":{port}/") for a in _exec_form(_all(instructions, "HEALTHCHECK")[0])]
    assert check[0] == "python"
    check[0] = sys.executable
    env = {**os.environ, "SOCIALTAL_DB": str(small_world.db_path), "SOCIALTAL_WORKERS": "1"}
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", proc).status_code == 200
        assert requests.get(f"http://127.0.0.1:{port}/health", timeout=10).json()["status"] == "ok"
        assert subprocess.run(check, timeout=30).returncode == 0
        shutil.move(small_world.db_path, small_world.db_path.with_suffix(".away"))
        assert subprocess.run(check, capture_output=True, timeout=30).returncode != 0
    finally:
        proc.terminate()
        proc.wait(timeout=60)
