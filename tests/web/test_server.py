"""The event loop ``nashra serve`` runs the app on: asyncio's, accepting a bounded number of
connections each turn so that worker processes share a burst of new connections."""

from __future__ import annotations

import asyncio
import socket

from nashra.web.server import ACCEPTS_PER_TURN, fair_accept_loop


def test_one_turn_accepts_a_bounded_number_of_connections():
    loop = fair_accept_loop()
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    listener.setblocking(False)
    clients = [socket.create_connection(listener.getsockname()) for _ in range(ACCEPTS_PER_TURN + 9)]
    accepted: list[asyncio.Protocol] = []

    def protocol() -> asyncio.Protocol:
        accepted.append(asyncio.Protocol())
        return accepted[-1]

    try:
        loop._accept_connection(protocol, listener)  # what one readable event of the socket runs
        loop.run_until_complete(asyncio.sleep(0.05))  # the accepted connections' set-up
        assert len(accepted) == ACCEPTS_PER_TURN
        loop._accept_connection(protocol, listener)  # the rest on the next turn
        loop.run_until_complete(asyncio.sleep(0.05))
        assert len(accepted) == len(clients)
    finally:
        for client in clients:
            client.close()
        listener.close()
        loop.close()


def test_a_server_on_the_loop_answers_every_one_of_a_burst_of_connections():
    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.readline())
        await writer.drain()
        writer.close()

    async def burst() -> list[bytes]:
        server = await asyncio.start_server(echo, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]

        async def one(n: int) -> bytes:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(f"{n}\n".encode())
            answer = await reader.readline()
            writer.close()
            return answer

        async with server:
            return await asyncio.gather(*(one(n) for n in range(100)))

    loop = fair_accept_loop()
    try:
        answers = loop.run_until_complete(burst())
    finally:
        loop.close()
    assert answers == [f"{n}\n".encode() for n in range(100)]


def test_connections_are_sent_without_delay_whatever_the_listening_socket_s_proto():
    """uvicorn's workers share a socket made as ``socket.socket(family=AF_INET)`` (proto 0):
    asyncio would leave Nagle's algorithm on for the connections it accepts."""
    listener = socket.socket(family=socket.AF_INET)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[asyncio.Transport] = []

    class Keep(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            accepted.append(transport)

    async def connect() -> None:
        server = await asyncio.get_running_loop().create_server(Keep, sock=listener)
        async with server:
            _, writer = await asyncio.open_connection(*listener.getsockname())
            while not accepted:
                await asyncio.sleep(0.01)
            writer.close()

    loop = fair_accept_loop()
    try:
        loop.run_until_complete(connect())
    finally:
        loop.close()
    sock = accepted[0].get_extra_info("socket")
    assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
