"""Which addresses this laptop has on the room's network.

Detection sends no packets: connecting a UDP socket only asks the operating
system which local address it would route from.
"""

from __future__ import annotations

import ipaddress
import socket

import ifaddr

LOOPBACK = "127.0.0.1"
# A documentation-only address (TEST-NET-3): routing is looked up, nothing is sent.
_PROBE = ("203.0.113.1", 9)


def is_loopback(host: str) -> bool:
    """Whether only this computer can reach ``host`` (phones cannot)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def detect_lan_address() -> str:
    """The address other devices on the network most likely reach us at."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            address: str = probe.getsockname()[0]
    except OSError:
        return LOOPBACK
    if not address or address.startswith("0."):
        return LOOPBACK
    return address


def _interface_addresses() -> list[str]:
    """The addresses of this laptop's network interfaces, IPv4 first.

    ``ifaddr`` reads them the same way on Linux, macOS and Windows; link-local
    IPv6 addresses are left out (a phone cannot use one in a URL without
    naming the interface)."""
    v4: list[str] = []
    v6: list[str] = []
    try:
        adapters = ifaddr.get_adapters()
    except OSError:
        return v4
    for adapter in adapters:
        for ip in adapter.ips:
            if isinstance(ip.ip, str):
                v4.append(ip.ip)
            elif not ipaddress.ip_address(ip.ip[0]).is_link_local:
                v6.append(ip.ip[0])
    return v4 + v6


def local_addresses() -> list[str]:
    """Candidate addresses to serve on: the detected one first, loopback last."""
    # (No host-name lookups here: on a badly configured laptop they can hang
    # for seconds waiting for DNS, and this runs when the room screen opens.)
    candidates = [detect_lan_address(), *_interface_addresses()]
    seen: list[str] = []
    for address in candidates:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        if ip.is_loopback or ip.is_unspecified or address in seen:
            continue
        seen.append(address)
    seen.append(LOOPBACK)
    return seen


def url_host(host: str) -> str:
    """How ``host`` is written in a URL (IPv6 in brackets; 'any' becomes the LAN address)."""
    if host in ("", "0.0.0.0", "::"):
        host = detect_lan_address()
    if ":" in host and not host.startswith("["):
        return f"[{host}]"
    return host
