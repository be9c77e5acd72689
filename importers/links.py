"""Opening a link a liaison sent as evidence: does it open, what is its title, does it show personal data.

Only http and https, a few redirects followed one by one, a total time limit and
a cap on what is read. Every hop's address is checked: an IP written in the
link before connecting, a host name through the resolver the connection itself
uses, so a name that resolves to 127.0.0.1 (or rebinds to it) and a redirect
to the intranet are refused alike (`workflows.evidence_check.address_allowed`).
No proxy from the environment is used: it would resolve names where Duban
cannot check them. Nothing about the page is logged.
"""
import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver

from importers.evidence_text import check_file, decoded, is_image, page_text, Unreadable
from workflows.evidence_check import (BAD_URL, CHECKED, CONNECT, DNS, FAILED, IMAGE, KIND, NOT_CHECKED, PRIVATE,
                                      REDIRECTS, SCHEME, STATUS, TIMEOUT, TLS, EvidenceCheck, address_allowed,
                                      scheme_allowed)
from workflows.personal_data import Passage, find_personal_data

_REDIRECTS = (301, 302, 303, 307, 308)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)
HEADERS = {"User-Agent": "Duban evidence check (政务公开督办：佐证链接核验)"}


@dataclass(frozen=True)
class LinkLimits:
    timeout: float = 10.0              # seconds for the whole check, redirects included
    max_bytes: int = 2 * 1024 * 1024   # what is read of a page; the rest is not checked
    max_redirects: int = 3
    listed_hosts: frozenset[str] = frozenset()   # the office's own hosts, which may be on its network


class Refused(OSError):
    """The host resolves only to addresses Duban does not open."""


class _CheckingResolver(AbstractResolver):
    """The system's resolver, keeping only the addresses a link may reach."""

    def __init__(self, listed_hosts: frozenset[str]):
        self._inner, self._listed = aiohttp.ThreadedResolver(), listed_hosts

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET):
        found = [a for a in await self._inner.resolve(host, port, family)
                 if address_allowed(host, a["host"], self._listed)]
        if not found:
            raise Refused(host)
        return found

    async def close(self) -> None:
        await self._inner.close()


def _refusal(url: str, listed: frozenset[str]) -> tuple[str, str] | None:
    """Why this hop is not opened, before connecting: its scheme, or an address written in it."""
    parts = urlsplit(url)
    if not scheme_allowed(parts.scheme):
        return SCHEME, parts.scheme
    if not parts.hostname:
        return BAD_URL, ""
    try:
        ipaddress.ip_address(parts.hostname)
    except ValueError:
        return None      # a name: the resolver checks what it resolves to
    return None if address_allowed(parts.hostname, parts.hostname, listed) else (PRIVATE, parts.hostname)


async def _body(response: aiohttp.ClientResponse, cap: int) -> tuple[bytes, bool]:
    """At most `cap` bytes of the body, and whether there was more."""
    chunks, size = [], 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            return b"".join(chunks)[:cap], True
    return b"".join(chunks), False


def _html(body: bytes, charset: str | None) -> str:
    declared = charset or next(iter(_META_CHARSET.findall(body[:4096])), b"").decode("ascii", "ignore")
    try:
        return body.decode(declared or "utf-8")
    except (LookupError, UnicodeDecodeError):
        try:
            return decoded(body)
        except Unreadable:
            return body.decode("utf-8", "replace")


def _content_check(url: str, kind: str, charset: str | None, body: bytes, capped: bool) -> EvidenceCheck:
    """What the page or file shows (run in a worker thread: a 2 MB page takes a tenth of a second and more)."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    if kind.startswith("image/") or is_image(name, body):
        return EvidenceCheck(url, NOT_CHECKED, IMAGE)
    looks_html = body.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))
    if kind in ("text/html", "application/xhtml+xml") or looks_html:
        title, passages = page_text(_html(body, charset))
        return EvidenceCheck(url, CHECKED, title=title, findings=tuple(find_personal_data(passages)), capped=capped)
    if kind.startswith("text/"):
        lines = _html(body, charset).splitlines()
        passages = [Passage(f"第{n}行", line) for n, line in enumerate(lines, 1)]
        return EvidenceCheck(url, CHECKED, findings=tuple(find_personal_data(passages)), capped=capped)
    if body.startswith((b"%PDF", b"PK")):
        found = check_file(name, body)
        return EvidenceCheck(url, found.outcome, found.reason, found.detail, findings=found.findings, capped=capped)
    return EvidenceCheck(url, NOT_CHECKED, KIND, kind)


async def _follow(session: aiohttp.ClientSession, url: str, limits: LinkLimits) -> EvidenceCheck:
    current = url
    for _ in range(limits.max_redirects + 1):
        if refusal := _refusal(current, limits.listed_hosts):
            return EvidenceCheck(url, FAILED, *refusal)
        async with session.get(current, allow_redirects=False, headers=HEADERS) as response:
            if response.status in _REDIRECTS and "Location" in response.headers:
                current = urljoin(current, response.headers["Location"])
                continue
            if response.status >= 400:
                return EvidenceCheck(url, FAILED, STATUS, str(response.status))
            body, capped = await _body(response, limits.max_bytes)
            return await asyncio.to_thread(_content_check, url, response.content_type, response.charset, body, capped)
    return EvidenceCheck(url, FAILED, REDIRECTS, str(limits.max_redirects))


def _failure(url: str, error: Exception) -> EvidenceCheck:
    if isinstance(error, aiohttp.ClientConnectorDNSError):
        if isinstance(error.os_error, Refused):
            return EvidenceCheck(url, FAILED, PRIVATE, str(error.os_error))
        return EvidenceCheck(url, FAILED, DNS, urlsplit(url).hostname or "")
    if isinstance(error, aiohttp.ClientSSLError):
        return EvidenceCheck(url, FAILED, TLS)
    if isinstance(error, aiohttp.InvalidURL):
        return EvidenceCheck(url, FAILED, BAD_URL)
    return EvidenceCheck(url, FAILED, CONNECT, error.__class__.__name__)


async def check_link(url: str, limits: LinkLimits = LinkLimits()) -> EvidenceCheck:
    """Open the link and read what it shows; a failure is a check with its reason, never an exception."""
    connector = aiohttp.TCPConnector(resolver=_CheckingResolver(limits.listed_hosts), use_dns_cache=False)
    try:
        async with asyncio.timeout(limits.timeout):
            async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=None)) as session:
                return await _follow(session, url, limits)
    except TimeoutError:
        return EvidenceCheck(url, FAILED, TIMEOUT, f"{limits.timeout:g}")
    except (aiohttp.ClientError, ValueError) as error:
        return _failure(url, error)
