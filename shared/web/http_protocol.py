"""uvicorn's HTTP/1.1 protocol with ``TCP_NODELAY`` on every connection, as a single worker already has.

With ``--workers`` above 1, uvicorn binds the listening socket itself with ``socket.socket(AF_INET)``
(protocol number 0), and asyncio only turns Nagle's algorithm off for sockets whose protocol is
``IPPROTO_TCP``: every accepted connection then keeps Nagle on. A response written as headers then
a body smaller than one segment (a 25 KB gzip page) waits for the client's delayed ACK, about 40 ms,
which capped each keep-alive connection at ~23 requests a second. Setting the option in
``connection_made`` gives every worker the single-worker behaviour.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


def no_delay(transport: asyncio.BaseTransport) -> None:
    """Send small writes at once on a TCP connection (no-op for Unix sockets or test transports)."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    with contextlib.suppress(OSError):  # the peer already went away: nothing to tune
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    """:class:`H11Protocol` that turns Nagle's algorithm off before serving the connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)
