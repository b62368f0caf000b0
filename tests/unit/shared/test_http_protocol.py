"""Nagle's algorithm on connections accepted the way ``uvicorn --workers N`` accepts them, and once turned off."""

from __future__ import annotations

import asyncio
import socket

from shared.web.http_protocol import no_delay


async def _accepted_nodelay(*, fix: bool) -> int:
    """TCP_NODELAY of a connection accepted by asyncio on a socket bound like uvicorn's (protocol number 0)."""
    loop = asyncio.get_running_loop()
    seen: asyncio.Future[int] = loop.create_future()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            if fix:
                no_delay(transport)
            sock = transport.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    listener = socket.socket(family=socket.AF_INET)  # as uvicorn.Config.bind_socket does
    listener.bind(("127.0.0.1", 0))
    server = await loop.create_server(Probe, sock=listener)
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", listener.getsockname()[1])
        value = await asyncio.wait_for(seen, timeout=5)
        writer.close()
        return value
    finally:
        server.close()
        await server.wait_closed()


def test_asyncio_leaves_nagle_on_for_uvicorn_worker_sockets_and_no_delay_turns_it_off() -> None:
    assert asyncio.run(_accepted_nodelay(fix=False)) == 0  # the gap behind the 40 ms stalls
    assert asyncio.run(_accepted_nodelay(fix=True)) != 0
