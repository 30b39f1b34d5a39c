"""A flood from one address: 2,000 slow connections from 127.0.0.1 against the production
stack, and meanwhile ordinary requests from another address (127.0.0.2).

Two kinds of slow client, as nginx treats them differently:

- header: sends a request's first lines, then one more header line every few seconds,
  never the blank line that ends the header. nginx counts such a connection against no
  address (``limit_conn`` counts a request once its header is read), so only
  ``client_header_timeout`` and the number of connections nginx holds bound them.
- body: sends a whole header announcing a large form, then one byte of it every few
  seconds. nginx has read the header, so ``limit_conn`` counts it against its address.

A connection nginx closes or answers is opened again, so the flood stays at its count
for its whole duration. Bounded: a fixed count, a fixed duration, every connection
closed at the end. Target: every probe answered, each within 1 s.
"""

from __future__ import annotations

import asyncio
import http.client
import resource
import threading
import time
from dataclasses import dataclass

from support.services.stack import free_port
from support.services.stack import missing_programs
from support.services.stack import production_config
from support.services.stack import running_stack
from support.services.stack import stack_folder

CONNECTIONS = 2000
#: Seconds the flood lasts once every connection is open; a probe every PROBE_EVERY.
SECONDS = 30.0
PROBE_EVERY = 0.5
#: Seconds between two lines (header) or two bytes (body) of a slow client.
TRICKLE_EVERY = 5.0
MAX_PROBE_SECONDS = 1.0
#: Where the flood and the probes come from: the loopback network answers all of 127/8.
FLOOD_FROM = "127.0.0.1"
PROBE_FROM = "127.0.0.2"

KINDS = ("header", "body")


@dataclass
class FloodResult:
    """What the probes saw while the flood held its connections."""

    kind: str
    answered: int
    sent: int
    slowest: float
    #: Connections the flood had to open again because nginx closed or answered them.
    reopened: int
    #: The most connections the flood had open at once.
    peak: int


class Flood:
    """``count`` slow connections of one ``kind`` to ``port``, kept open until stopped."""

    def __init__(self, port: int, kind: str, count: int = CONNECTIONS) -> None:
        self.port = port
        self.kind = kind
        self.count = count
        self.open = 0
        self.peak = 0
        self.reopened = 0
        self.started = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.stopping = asyncio.Event()
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self.run(),))

    def start(self) -> None:
        """Open the connections; return once all are open (or after 30 s: nginx may not
        hold them all)."""
        self.thread.start()
        self.started.wait(30)

    def stop(self) -> None:
        """Close every connection and wait for that."""
        self.loop.call_soon_threadsafe(self.stopping.set)
        self.thread.join(60)
        self.loop.close()

    async def run(self) -> None:
        # Opened a hundred at a time, as nginx's listen queue holds 511.
        gate = asyncio.Semaphore(100)
        clients = [asyncio.create_task(self.client(gate)) for _ in range(self.count)]
        while self.open < self.count and not self.stopping.is_set():
            await asyncio.sleep(0.1)
        self.started.set()
        await self.stopping.wait()
        for client in clients:
            client.cancel()
        await asyncio.gather(*clients, return_exceptions=True)

    async def client(self, gate: asyncio.Semaphore) -> None:
        """One slow client, opened again whenever nginx lets go of it."""
        first = True
        # Cancelled at the end; the flag too, as Python 3.11's wait_for may swallow that.
        while not self.stopping.is_set():
            async with gate:
                try:
                    reader, writer = await asyncio.wait_for(
                        asyncio.open_connection(FLOOD_FROM, self.port), 10
                    )
                except (OSError, TimeoutError):
                    await asyncio.sleep(1)
                    continue
            self.open += 1
            self.peak = max(self.peak, self.open)
            if not first:
                self.reopened += 1
            first = False
            try:
                await self.trickle(reader, writer)
            except OSError:
                pass  # nginx reset it
            finally:
                self.open -= 1
                writer.transport.abort()

    async def trickle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Send a little every TRICKLE_EVERY until nginx answers or closes the connection."""
        if self.kind == "header":
            writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        else:
            writer.write(
                b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 100000\r\n\r\nusername=a"
            )
        n = 0
        while not self.stopping.is_set():
            await writer.drain()
            try:
                await asyncio.wait_for(reader.read(4096), TRICKLE_EVERY)
                return  # an answer, or the connection closed
            except TimeoutError:
                pass
            n += 1
            writer.write(f"X-Slow-{n}: yes\r\n".encode() if self.kind == "header" else b"a")


def probe(port: int) -> float | None:
    """One ordinary request for ``/`` from PROBE_FROM: its seconds, or None if unanswered."""
    start = time.monotonic()
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=5, source_address=(PROBE_FROM, 0)
    )
    try:
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        ok = response.status == 200
    except OSError:
        ok = False
    finally:
        connection.close()
    return time.monotonic() - start if ok else None


def measure(port: int, kind: str) -> FloodResult:
    """Probe ``port`` every PROBE_EVERY for SECONDS while a flood of ``kind`` holds on."""
    flood = Flood(port, kind)
    flood.start()
    latencies: list[float | None] = []
    try:
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            latencies.append(probe(port))
            time.sleep(PROBE_EVERY)
    finally:
        flood.stop()
    answered = [t for t in latencies if t is not None]
    return FloodResult(
        kind,
        len(answered),
        len(latencies),
        max(answered, default=float("nan")),
        flood.reopened,
        flood.peak,
    )


def enough_files() -> str | None:
    """Raise this process's open-file limit for the flood; why it cannot be, or None."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = CONNECTIONS + 256
    if soft >= needed:
        return None
    if hard != resource.RLIM_INFINITY and hard < needed:
        return f"`ulimit -n` allows {hard} open files, the flood needs {needed}"
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    return None


def slowest(result: FloodResult) -> str:
    """How long the slowest answered probe took, for the report."""
    return f", the slowest in {result.slowest * 1000:.0f} ms" if result.answered else ""


def main() -> list[str]:
    """Measure and return the report's lines."""
    if problem := missing_programs() or enough_files():
        return [f"- the flood was not measured: {problem}"]
    lines = []
    with stack_folder() as folder:
        config = production_config(folder, free_port())
        port = free_port()
        with running_stack(config, folder / "state", port):
            for kind in KINDS:
                result = measure(port, kind)
                lines.append(
                    f"- {CONNECTIONS:,} slow clients from {FLOOD_FROM} ({kind}: "
                    f"{'a header line' if kind == 'header' else 'a byte of a form'} every "
                    f"{TRICKLE_EVERY:.0f} s for {SECONDS:.0f} s, at most {result.peak:,} open "
                    f"at once, {result.reopened:,} connections opened again): {result.answered} "
                    f"of {result.sent} probes from {PROBE_FROM} answered{slowest(result)} "
                    f"(target: all, each within {MAX_PROBE_SECONDS * 1000:.0f} ms)"
                )
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
