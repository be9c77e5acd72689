"""What checking one piece of evidence (a link, a file, a reply's text) found, and which addresses may be opened.

A link is opened only over http or https and only to public addresses: Duban's
server must not be turned against its own network (the office's intranet, the
cloud's metadata service at 169.254.169.254, the database on 127.0.0.1). The
office can list hosts of its own network that liaisons' links may point at.
The reasons are codes; `bot.messages.CHECK_REASONS` says them in Chinese.
"""
import ipaddress
from dataclasses import dataclass

from workflows.personal_data import Finding

CHECKED, FAILED, NOT_CHECKED = "checked", "failed", "not-checked"
# why a link failed, or why a file was not read
SCHEME, BAD_URL, PRIVATE, DNS, CONNECT, TLS, TIMEOUT, STATUS, REDIRECTS = (
    "scheme", "bad-url", "private-address", "dns", "connect", "tls", "timeout", "status", "redirects")
IMAGE, UNREADABLE, KIND = "image", "unreadable", "kind"


@dataclass(frozen=True)
class EvidenceCheck:
    """One link, file or reply text checked: `reason` and `detail` say why it failed or was not checked
    (STATUS with detail "404"); a checked page has its title; `capped` when only its first part was read."""
    source: str
    outcome: str
    reason: str = ""
    detail: str = ""
    title: str = ""
    findings: tuple[Finding, ...] = ()
    capped: bool = False

    @property
    def warns(self) -> bool:
        return self.outcome == FAILED or bool(self.findings)


def address_allowed(host: str, address: str, listed_hosts: frozenset[str]) -> bool:
    """Whether a link's host, resolved to `address`, may be opened: a public address, or a host the office listed."""
    if host.lower().rstrip(".") in listed_hosts:
        return True
    ip = ipaddress.ip_address(address.split("%")[0])     # an IPv6 zone (fe80::1%eth0) is no part of the address
    if ip.version == 6 and ip.ipv4_mapped:                # ::ffff:127.0.0.1 is 127.0.0.1
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def scheme_allowed(scheme: str) -> bool:
    return scheme.lower() in ("http", "https")
