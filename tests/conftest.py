from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

from phieu_cli.form.check import LoadedForm, load_form

# The compiled-form cache (form/cache.py) of the tests, and of the commands they start, is their own: the
# person's cache folder is never written, and every run starts cold.
os.environ["PHIEU_CACHE_DIR"] = tempfile.mkdtemp(prefix="phieu_test_cache_")
os.environ.pop("PHIEU_NO_CACHE", None)


@pytest.fixture(autouse=True)
def _vietnamese_again() -> Iterator[None]:
    """A test that chose English (`--lang en`, set_language) leaves the next one in Vietnamese, as every
    command starts."""
    from phieu_cli.common.messages import set_language

    yield
    set_language("vi")


@pytest.fixture(scope="session")
def form149() -> LoadedForm:
    """The bundled form 149, loaded and checked once per test session."""
    return load_form()


# --- `phieu fill`: real questionary prompts reading keys from a pipe ----------------------------------------

import asyncio  # noqa: E402
import io  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402


class ScriptedUI:
    """Wraps the real prompts.QuestionaryUI: before each prompt runs, the keys scripted for it go into the
    pipe, so a prompt reads exactly its own keys (no feeder thread, nothing left over for the next one).

    A script entry is (label, keys): *label* must occur in the prompt's label ("Câu 1", "Câu 1 – Lý do",
    "review", …); keys use "\\r" for Enter, "\\x1b[B" for ↓, " " for Space, "\\x1b" for a lone Esc (last
    in its chunk: an Esc followed by more keys is Alt+key), "\\x03" for Ctrl-C. *keys* may be a list: a first
    chunk, then (text, keys) pairs: each is sent once *text* is on the screen (written since the prompt
    started, line breaks folded), e.g. a refusal; waiting for the screen rather than for a time, so a busy
    machine cannot reorder them. Such a later chunk may be a function of the running application instead of
    keys (key presses as a Windows console hands them over, a close event). A task of the prompt's own
    application sends them and dies with it.
    """

    def __new__(cls, pipe: Any, script: Any, out: io.StringIO | None = None) -> Any:
        from phieu_cli.interview.prompts import QuestionaryUI

        class _Scripted(QuestionaryUI):
            def __init__(self) -> None:
                super().__init__()
                self.script = [] if callable(script) else list(script)
                self.asked: list[str] = []

            def _run(self, question: Any, label: str) -> Any:
                if callable(script):  # a function of the label, for long walks
                    expected, keys = label, script(label)
                elif not self.script:
                    raise AssertionError(f"no keys scripted for the prompt {label!r} (asked: {self.asked})")
                else:
                    expected, keys = self.script.pop(0)
                assert expected in label, (
                    f"prompt {label!r} came where {expected!r} was scripted ({self.asked})"
                )
                self.asked.append(label)
                chunks = [keys] if isinstance(keys, str) else list(keys)
                start = len(out.getvalue()) if out is not None else 0
                pipe.send_text(chunks[0])
                if len(chunks) > 1:
                    assert out is not None, "waiting for the screen needs the terminal's output"
                    app = question.application

                    async def feed() -> None:
                        for wanted, chunk in chunks[1:]:
                            waited = 0
                            while wanted not in " ".join(out.getvalue()[start:].split()):
                                await asyncio.sleep(0.01)  # polling the screen, not timing the keys
                                waited += 1
                                if waited > 3000:
                                    app.exit(exception=AssertionError(f"{wanted!r} never on screen"))
                                    return
                            if callable(chunk):  # acts on the running prompt, as the system would
                                chunk(app)
                            else:
                                pipe.send_text(chunk)

                    app.pre_run_callables.append(lambda: app.create_background_task(feed()))
                return super()._run(question, label)

        return _Scripted()


@dataclass
class Terminal:
    pipe: Any
    out: io.StringIO = field(default_factory=io.StringIO)

    def ui(self, script: Any) -> Any:
        return ScriptedUI(self.pipe, script, self.out)

    @property
    def screen(self) -> str:
        return self.out.getvalue()

    @property
    def words(self) -> str:
        """The screen with every run of spaces and line breaks made one space: a sentence the terminal wrapped
        (a long path before it moves the break) still reads as one."""
        return " ".join(self.screen.split())


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    """A prompt_toolkit session whose input is a pipe and whose output is plain text kept in memory."""
    from prompt_toolkit.application import create_app_session  # noqa: TID251 (the test terminal feeds prompts)
    from prompt_toolkit.input import create_pipe_input  # noqa: TID251 (the test terminal feeds prompts)
    from prompt_toolkit.output.plain_text import PlainTextOutput  # noqa: TID251 (the test terminal feeds prompts)

    with create_pipe_input() as pipe:
        term = Terminal(pipe)
        with create_app_session(input=pipe, output=PlainTextOutput(term.out)):
            yield term
