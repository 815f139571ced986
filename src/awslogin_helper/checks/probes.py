"""The independent pre-confirmation AWS CLI calls, started at once and read in order."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from awslogin_helper.edges.runner import CommandNotStarted, Completed, Runner


class Probes:
    """Starts the independent pre-confirmation AWS CLI calls at once; steps read them in order."""

    def __init__(self, runner: Runner, workers: int = 4) -> None:
        self._runner = runner
        self._workers = workers
        self._pool: ThreadPoolExecutor | None = None
        self._futures: dict[tuple[str, ...], Future[Completed]] = {}
        self._cancelled = threading.Event()

    def _call(self, args: tuple[str, ...], timeout: float) -> Completed:
        if self._cancelled.is_set():
            raise CommandNotStarted(args, "cancelled")
        return self._runner.run(args, timeout=timeout)

    def prefetch(self, calls: Sequence[tuple[Sequence[str], float]]) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="aws-probe")
        for args, timeout in calls:
            key = tuple(args)
            if key not in self._futures:
                self._futures[key] = self._pool.submit(self._call, key, timeout)

    def get(self, args: Sequence[str], timeout: float) -> Completed:
        """The prefetched result (taken once), or a fresh call."""
        future = self._futures.pop(tuple(args), None)
        if future is not None:
            return future.result()
        return self._runner.run(args, timeout=timeout)

    def close(self, *, cancel: bool = False) -> None:
        """Stop what nobody will read (when `cancel` or unread), then wait for the pool."""
        if self._pool is None:
            return
        if cancel or self._futures:
            self._cancelled.set()
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._runner.cancel_all()
        self._pool.shutdown(wait=True)
        self._pool = None
        self._futures.clear()
