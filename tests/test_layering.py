"""The package's parts and the one direction their imports go (docs/architecture.md).

Each folder of src/phieu_cli is a part with a rank; a module may import its own part and any part of a lower
rank, never a part above it nor a sibling of the same rank. Every import counts, the lazy ones inside
functions and those under TYPE_CHECKING too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "phieu_cli"

# Lowest first. Parts of the same rank are siblings and may not import each other.
RANKS: dict[str, int] = {
    "common": 0,  # text, files, errors, problems; the package root (its __version__) counts as common
    "terminal": 1,  # console (rich), problem reporters
    "form": 2,  # the form language
    "responses": 3,  # the response file, reading, validation, JSON Schema
    "documents": 4,  # layout and renderers, export, show
    "interview": 5,  # phieu fill (its review screen is a documents layout)
    "rollup": 5,  # phieu summary (writes its files with documents' output rules)
    "xlsform": 4,  # XLSForm platforms: the workbook out and in, submissions imported as responses
    "cli": 6,  # cli.py, __main__.py: the command line on top
}

# Third-party packages each confined to one module (ruff's banned-api says the same for the linter).
CONFINED = {
    "rich": "phieu_cli.terminal.console",
    "questionary": "phieu_cli.interview.prompts",
    "prompt_toolkit": "phieu_cli.interview.prompts",
}


def part_of(module: str) -> str:
    """`phieu_cli.form.check` -> "form"; at the top, the package root is common and the modules beside it cli."""
    parts = module.split(".")
    if len(parts) == 1 or (parts[1].startswith("__") and parts[1] != "__main__"):
        return "common"  # the root package and its names (`from phieu_cli import __version__`)
    if len(parts) == 2 and parts[1] not in RANKS:
        return "cli"
    return parts[1]


def module_name(path: Path, package: Path) -> str:
    relative = path.relative_to(package.parent).with_suffix("")
    names = list(relative.parts)
    if names[-1] == "__init__":
        names.pop()
    return ".".join(names)


def imports_of(source: str, module: str) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the source, absolute or relative, at any depth."""
    found: list[tuple[int, str]] = []
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if base == "phieu_cli":  # `from phieu_cli import x`: x may be a part or a name of the root
                found += [(node.lineno, f"phieu_cli.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, base))
    return found


def violations(sources: dict[str, str]) -> list[str]:
    """Every import that goes up or sideways between parts, or uses a confined package outside its module."""
    problems = []
    for module, source in sorted(sources.items()):
        here = part_of(module)
        for line, target in imports_of(source, module):
            top = target.split(".")[0]
            if top in CONFINED and module != CONFINED[top]:
                problems.append(f"{module}:{line}: imports {top}, which only {CONFINED[top]} may import")
            if top != "phieu_cli":
                continue
            if target not in sources and target.rsplit(".", 1)[0] in sources:
                target = target.rsplit(".", 1)[0]  # `from phieu_cli.form import check` names a module
            there = part_of(target)
            if there == here:
                continue
            if there not in RANKS:
                problems.append(f"{module}:{line}: imports {target}, whose part '{there}' has no rank")
            elif RANKS[there] >= RANKS[here]:
                problems.append(
                    f"{module}:{line}: {here} (rank {RANKS[here]}) imports {target} ({there}, rank {RANKS[there]})"
                )
    return problems


def package_sources() -> dict[str, str]:
    return {
        module_name(path, PACKAGE): path.read_text(encoding="utf-8") for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_every_folder_is_a_part_with_a_rank():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert folders - set(RANKS) == set(), (
        "a new folder needs a rank in RANKS and a line in docs/architecture.md"
    )
    assert set(RANKS) - {"cli"} - folders == set(), "a part in RANKS has no folder"


def test_no_part_imports_a_part_above_it_or_beside_it():
    assert violations(package_sources()) == []


def test_every_part_is_described_in_the_architecture_page():
    page = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    for part in set(RANKS) - {"cli"}:
        assert f"`{part}/`" in page


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("phieu_cli.form.model", "from phieu_cli.responses.format import Response", "form (rank 2) imports"),
        (
            "phieu_cli.common.text",
            "def f():\n    from phieu_cli.terminal import console",
            "common (rank 0) imports",
        ),
        ("phieu_cli.rollup.report", "from phieu_cli.interview.fill import run", "rollup (rank 5) imports"),
        ("phieu_cli.documents.show", "import rich.console", "only phieu_cli.terminal.console may"),
        (
            "phieu_cli.form.check",
            "from ..interview import machine",
            "form (rank 2) imports phieu_cli.interview",
        ),
        ("phieu_cli.form.check", "from phieu_cli.plugins.hooks import x", "part 'plugins' has no rank"),
    ],
)
def test_the_checker_catches(module, source, expected):
    sources = {module: source, "phieu_cli.interview.machine": "", "phieu_cli.terminal.console": ""}
    found = violations(sources)
    assert any(expected in line for line in found), found


def test_the_checker_allows_downward_and_same_part_imports():
    sources = {
        "phieu_cli.interview.fill": "from phieu_cli.interview.machine import Interview\n"
        "from phieu_cli.documents.layout import build\nfrom phieu_cli import __version__",
        "phieu_cli.cli": "import typer\nfrom phieu_cli.rollup.report import run_summary",
    }
    assert violations(sources) == []
