"""A small process supervisor for the embedded default: web, worker and beat as child processes
of one command, their output prefixed with their name, stopped together.

Each child runs in a session of its own, so a Ctrl-C in the terminal reaches only the supervisor,
which then asks every child to stop (SIGTERM: gunicorn and Celery shut down gracefully), waits, and
kills whatever is left of each child's process group. On Linux each child is also told to receive
SIGTERM if the supervisor dies without cleaning up (`PR_SET_PDEATHSIG`), so no orphan keeps the
port or the database. If a child exits on its own, the others are stopped and the exit status says
so; a stop that was asked for exits 0.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

GRACE_SECONDS = 30.0
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Run in the child between fork and exec: SIGTERM when the supervisor goes away."""
    # Not Linux: no such call, and the graceful path alone stops the children.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    name: str
    command: Sequence[str]
    process: subprocess.Popen[bytes] | None = None
    relay: threading.Thread | None = field(default=None, repr=False)


class Supervisor:
    def __init__(
        self,
        children: Sequence[tuple[str, Sequence[str]]],
        *,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
        output: IO[bytes] | None = None,
        grace_seconds: float = GRACE_SECONDS,
    ) -> None:
        self.children = [Child(name, command) for name, command in children]
        self.env = env
        self.cwd = cwd
        self.output = output or sys.stdout.buffer
        self.grace_seconds = grace_seconds
        self._wake = threading.Event()
        self._stop_asked = 0
        self._write_lock = threading.Lock()

    def run(self) -> int:
        """Start every child and wait; the exit status: 0 after a stop that was asked for."""
        previous = {sig: signal.signal(sig, self._ask_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self._start_all()
            failed = self._wait_for_stop_or_exit()
            self._stop_all()
            return 0 if failed is None else 1
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _ask_stop(self, signum: int, _frame: Any) -> None:
        self._stop_asked += 1
        if self._stop_asked > 1:
            self._say("second stop request: killing the remaining processes now")
            self._kill_all()
        self._wake.set()

    def _start_all(self) -> None:
        # All children first, then the relay threads: forking while threads run is what
        # `preexec_fn` must avoid.
        for child in self.children:
            child.process = subprocess.Popen(
                list(child.command),
                env=self.env,
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        width = max(len(child.name) for child in self.children)
        for child in self.children:
            child.relay = threading.Thread(target=self._relay, args=(child, width), daemon=True)
            child.relay.start()

    def _relay(self, child: Child, width: int) -> None:
        assert child.process is not None and child.process.stdout is not None
        prefix = f"{child.name:<{width}} | ".encode()
        for line in iter(child.process.stdout.readline, b""):
            self._write(prefix + line)
        child.process.stdout.close()
        self._wake.set()  # its output ended: it has probably exited

    def _write(self, data: bytes) -> None:
        with self._write_lock:
            self.output.write(data)
            self.output.flush()

    def _say(self, message: str) -> None:
        self._write(f"supervisor | {message}\n".encode())

    def _wait_for_stop_or_exit(self) -> Child | None:
        """Block until a stop is asked for (None) or a child exits on its own (that child)."""
        while True:
            self._wake.wait(1.0)
            self._wake.clear()
            if self._stop_asked:
                self._say("stopping web, worker and beat")
                return None
            for child in self.children:
                assert child.process is not None
                if child.process.poll() is not None:
                    status = child.process.returncode
                    self._say(f"{child.name} exited with status {status}; stopping the rest")
                    return child

    def _each_running(self, action: Callable[[Child], None]) -> None:
        for child in self.children:
            if child.process is not None and child.process.poll() is None:
                action(child)

    def _stop_all(self) -> None:
        self._each_running(lambda child: child.process.send_signal(signal.SIGTERM))  # type: ignore[union-attr]
        for child in self.children:
            assert child.process is not None
            try:
                child.process.wait(self.grace_seconds)
            except subprocess.TimeoutExpired:
                self._say(f"{child.name} did not stop within {self.grace_seconds:.0f} s: killing it")
        self._kill_all()
        for child in self.children:
            assert child.process is not None and child.relay is not None
            child.process.wait()
            child.relay.join(5)

    def _kill_all(self) -> None:
        """SIGKILL each child's whole process group (gunicorn's and Celery's own children too)."""
        for child in self.children:
            if child.process is None:
                continue
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.process.pid, signal.SIGKILL)
