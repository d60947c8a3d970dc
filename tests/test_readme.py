"""The README is a contract: its quick start is what CI runs, and every example is real output."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line for line in section.strip().splitlines() if line.strip()]


def test_quick_start_is_two_commands_that_ci_runs_verbatim():
    commands = quick_start()
    assert len(commands) == 2
    assert "zonecmp targets --year 2024" in commands[0] and "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in commands:
        assert command in ci


def test_every_command_is_documented_with_help():
    from zonecmp.cli import app

    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"zonecmp {name}" in README, name
        assert command.callback.__doc__, name


def examples() -> list[tuple[str, str]]:
    """(command, expected output) for each `$ zonecmp ...` line in the README's example blocks."""
    found = []
    for block in re.findall(r"```\n(\$ zonecmp .*?)```", README, flags=re.S):
        parts = re.split(r"^\$ (.*)$", block, flags=re.M)
        found += [(parts[i], parts[i + 1]) for i in range(1, len(parts), 2)]
    return found


def run_on_a_terminal(command: str) -> str:
    """Run a shell command with stdout and stderr on a pseudo-terminal, as a user at a terminal would."""
    import pty  # POSIX only, like the shell commands it runs

    path = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path, "COLUMNS": "100", "LANG": "C.UTF-8", "NO_COLOR": "1"}
    env.pop("ZONECMP_DATA", None)
    leader, follower = pty.openpty()
    process = subprocess.Popen(["bash", "-c", command], stdout=follower, stderr=follower, stdin=subprocess.DEVNULL,
                               cwd=ROOT, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(leader)
    return ANSI.sub("", b"".join(chunks).decode("utf-8").replace("\r\n", "\n"))


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("command, expected", examples(), ids=[c for c, _ in examples()])
def test_readme_example_is_real_output(command, expected):
    def normal(text: str) -> list[str]:
        return [line.rstrip() for line in text.strip("\n").splitlines()]

    assert normal(run_on_a_terminal(command)) == normal(expected)


def refresh_readme() -> None:
    """Rewrite every example block of the README with the real output (run: python tests/test_readme.py)."""
    def block_with_output(match: re.Match) -> str:
        commands = re.findall(r"^\$ (.*)$", match.group(1), flags=re.M)
        body = "".join(f"$ {c}\n" + "\n".join(line.rstrip() for line in run_on_a_terminal(c).strip("\n").splitlines())
                       + "\n" for c in commands)
        return f"```\n{body}```"

    text = re.sub(r"```\n(\$ zonecmp .*?)```", block_with_output, README, flags=re.S)
    (ROOT / "README.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    refresh_readme()


def test_adding_a_document_walk_through_works(tmp_path):
    """The shell blocks of "Adding a document", run in order in a fresh directory, end with a clean check."""
    section = README.split("## Adding a document", 1)[1].split("\n## ", 1)[0]
    script = "\n".join(re.findall(r"```sh\n(.*?)```", section, flags=re.S))
    (tmp_path / "tests").symlink_to(ROOT / "tests")  # the walk-through's page lives in tests/fixtures
    path = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])
    done = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PATH": path, "COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    assert "checked 47 facts: no problems" in done.stdout
    assert "minghu" in done.stdout  # the last command puts the new zone beside weihai
