"""The names the preview answers to: its own loopback names, never another site's.

A page on another site can point a name of its own at 127.0.0.1 (DNS rebinding) and then
read the preview, drafts included, as if it were that site. The browser still sends the
attacker's name in `Host:` (and in `Origin:` on a websocket), so the preview answers only
requests that name it by an address it listens on.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from tornado import httputil, web

_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
_EVERY_ADDRESS = ("0.0.0.0", "::", "")


class Hosts:
    """The `host:port` values a request to the preview may carry."""

    def __init__(self, host: str, port: int) -> None:
        given = f"[{host}]" if ":" in host else host
        self.port = port
        self.names = {name.lower() for name in (*_LOOPBACK, given)}
        # Listening on every address, the preview is reached by this machine's addresses;
        # an address, unlike a name, cannot be pointed elsewhere by another site.
        self.any_address = host in _EVERY_ADDRESS

    def allows(self, host: str) -> bool:
        """Whether a `Host:` value (`name` or `name:port`) names the preview."""
        name, port = httputil.split_host_and_port(host.lower())
        if (port or 80) != self.port:
            return False
        return name in self.names or (self.any_address and _is_address(name))

    def allows_origin(self, origin: str) -> bool:
        """Whether a websocket's `Origin:` is a page of the preview itself."""
        parts = urlsplit(origin)
        return parts.scheme == "http" and not parts.path and self.allows(parts.netloc)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    return True


def refuse_foreign(handler: web.RequestHandler, hosts: Hosts) -> None:
    """Answer 403, with no page, a request that does not name the preview (in `prepare`)."""
    if not hosts.allows(handler.request.host):
        handler.set_status(403)
        handler.set_header("Content-Type", "text/plain; charset=utf-8")
        handler.finish(
            f"This preview answers only to its own address, such as "
            f"http://127.0.0.1:{hosts.port}/ or http://localhost:{hosts.port}/.\n"
        )
