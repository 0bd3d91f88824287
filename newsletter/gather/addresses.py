"""Which network addresses a web source may connect to, decided at the moment of connecting.

Links found inside fetched content (entry links, redirects, links in pages) are untrusted: a
feed could point them at the machine itself, the local network or a cloud metadata service.
Every connection a source's client opens goes through `GuardedBackend`: it resolves the host
once, refuses the connection if any address is not a public unicast one, and connects to the
address it checked, so a second DNS answer cannot swap it. TLS still verifies (and sends SNI
for) the host name, and the Host header is the URL's.

Trusted as configured: the source's own host (the URL the operator wrote) and the host names in
`fetch.allow_hosts`. Each source has its own client, so one source's trust never opens another
source's links.
"""

from __future__ import annotations

import ipaddress
import socket
import typing
from collections.abc import Iterable

import anyio
import httpcore
import httpx

__all__ = ["GuardedBackend", "RefusedAddress", "address_refusal", "guarded_client"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedAddress(Exception):
    """A link leads to an address web sources may not reach; the message says which and why."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        shown = host if _is_literal(host, address) else f"{host} ({address})"
        super().__init__(
            f"{shown} is {'an' if kind[0] in 'aeiouIU' else 'a'} {kind} address; links found in "
            "feeds and pages may only reach "
            "public addresses (add the host to fetch.allow_hosts if it is an intranet site "
            "you trust)"
        )
        self.host, self.address, self.kind = host, address, kind


def _is_literal(host: str, address: str) -> bool:
    """Whether `host` is `address` written as an IP literal (no need to show it twice)."""
    try:
        return ipaddress.ip_address(normal_host(host)) == ipaddress.ip_address(address)
    except ValueError:
        return False


def address_refusal(address: IPAddress) -> str | None:
    """What kind of non-public address `address` is ("loopback", "private", ...), or None
    when it is a public unicast address a link may reach."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return "IPv4-mapped IPv6"
        if address.sixtofour is not None or address.teredo is not None:
            return "tunnelled IPv6"
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    )
    for kind, matches in checks:
        if matches:
            return kind
    return None if address.is_global else "non-public"


def normal_host(host: str) -> str:
    """A host name as compared with the trusted names: lower-case, no brackets, no final dot."""
    return host.strip().strip("[]").rstrip(".").lower()


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """The network backend of a source's client: resolves, checks, and connects to the checked
    address; hosts in `trusted` are connected to as they resolve."""

    def __init__(self, trusted: Iterable[str]) -> None:
        self.trusted = frozenset(normal_host(host) for host in trusted if host)
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if normal_host(host) in self.trusted:
            return await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        with anyio.fail_after(timeout):
            addresses = await self._checked_addresses(host, port)
        failures: list[httpcore.ConnectError] = []
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:  # try the next address, as browsers do
                failures.append(exc)
        raise failures[-1] if failures else httpcore.ConnectError(f"no address for {host}")

    async def _checked_addresses(self, host: str, port: int) -> list[IPAddress]:
        """Every address of `host` (one lookup); RefusedAddress if any is not public."""
        try:
            addresses = [ipaddress.ip_address(normal_host(host))]
        except ValueError:
            try:
                found = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as exc:
                raise httpcore.ConnectError(str(exc)) from exc
            addresses = list(
                dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in found)
            )
        for address in addresses:
            if kind := address_refusal(address):
                raise RefusedAddress(host, str(address), kind)
        return addresses

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise RefusedAddress(path, path, "Unix socket")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_client(trusted: Iterable[str]) -> httpx.AsyncClient:
    """An HTTP client whose every connection goes through `GuardedBackend(trusted)`; it
    follows no redirect by itself and reads no proxy settings from the environment."""
    transport = httpx.AsyncHTTPTransport()
    # httpx has no public parameter for the network backend: give its transport a pool
    # built the same way, with ours
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=GuardedBackend(trusted),
    )
    return httpx.AsyncClient(transport=transport, follow_redirects=False)
