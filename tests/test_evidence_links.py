"""Opening the links liaisons send: dead links told with the reason, the intranet never reached, pages checked."""
import time

import pytest

from importers.links import LinkLimits, check_link
from workflows.evidence_check import (BAD_URL, CHECKED, FAILED, PRIVATE, REDIRECTS, SCHEME, STATUS, TIMEOUT,
                                      address_allowed)
from workflows.personal_data import ID_CARD


LISTED = LinkLimits(timeout=2, listed_hosts=frozenset({"localhost"}))


async def test_a_page_showing_a_shenfenzheng_is_reported_with_its_title_line_and_a_masked_excerpt(site):
    check = await check_link(f"{site}/unmasked", LISTED)
    assert (check.outcome, check.title) == (CHECKED, "永宁县2022年第三季度城乡低保对象公示")
    assert [(f.kind, f.where) for f in check.findings] == [(ID_CARD, "第3行")]   # the script's copy is not shown
    assert "640121********1232" in check.findings[0].excerpt
    assert "640121199003071232" not in repr(check)


async def test_a_page_with_the_number_masked_is_clean(site):
    check = await check_link(f"{site}/masked", LISTED)
    assert (check.outcome, check.findings, check.warns) == (CHECKED, (), False)


async def test_a_page_taken_down_fails_with_its_status(site):
    check = await check_link(f"{site}/gone", LISTED)
    assert (check.outcome, check.reason, check.detail, check.warns) == (FAILED, STATUS, "404", True)


async def test_a_redirect_to_127_0_0_1_is_refused_unless_the_office_lists_it(site):
    check = await check_link(f"{site}/to-loopback", LISTED)
    assert (check.outcome, check.reason, check.detail) == (FAILED, PRIVATE, "127.0.0.1")
    listed = LinkLimits(timeout=2, listed_hosts=frozenset({"localhost", "127.0.0.1"}))
    assert (await check_link(f"{site}/to-loopback", listed)).title == "内网"


async def test_a_name_that_resolves_to_loopback_is_refused_unless_listed(site):
    check = await check_link(f"{site}/masked", LinkLimits(timeout=2))
    assert (check.outcome, check.reason) == (FAILED, PRIVATE)


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://10.0.0.8/xxgk/", "http://192.168.1.20/",
                                 "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
                                 "http://[::ffff:127.0.0.1]/", "http://[fe80::1]/", "http://0.0.0.0/"])
async def test_an_address_on_the_servers_own_network_is_refused_without_connecting(url):
    started = time.monotonic()
    check = await check_link(url, LinkLimits(timeout=5))
    assert (check.outcome, check.reason) == (FAILED, PRIVATE)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("url", ["http://2130706433/", "http://0x7f.0.0.1/", "http://127.1/", "http://0/"])
async def test_127_0_0_1_written_another_way_is_refused_too(url):
    check = await check_link(url, LinkLimits(timeout=5))
    assert check.outcome == FAILED and check.reason in (PRIVATE, BAD_URL)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://ftp.yongning.gov.cn/公示.pdf", "gopher://x/"])
async def test_only_http_and_https_links_are_opened(url):
    check = await check_link(url, LISTED)
    assert (check.outcome, check.reason) == (FAILED, SCHEME)


async def test_a_slow_page_times_out(site):
    started = time.monotonic()
    check = await check_link(f"{site}/slow", LinkLimits(timeout=0.5, listed_hosts=frozenset({"localhost"})))
    assert (check.outcome, check.reason, check.detail) == (FAILED, TIMEOUT, "0.5")
    assert time.monotonic() - started < 2


async def test_a_huge_page_is_read_only_up_to_the_cap(site):
    limits = LinkLimits(timeout=5, max_bytes=1024 * 1024, listed_hosts=frozenset({"localhost"}))
    check = await check_link(f"{site}/huge", limits)
    assert (check.outcome, check.title, check.capped, check.findings) == (CHECKED, "大页面", True, ())


async def test_a_redirect_loop_stops_after_a_few_hops(site):
    check = await check_link(f"{site}/loop", LISTED)
    assert (check.outcome, check.reason, check.detail) == (FAILED, REDIRECTS, "3")


@pytest.mark.parametrize("host, address, allowed", [
    ("www.yongning.gov.cn", "59.76.0.10", True),        # a public address
    ("www.yongning.gov.cn", "2400:da00::6666", True),
    ("www.yongning.gov.cn", "127.0.0.1", False),        # a public name that resolves to this server
    ("www.yongning.gov.cn", "10.1.2.3", False),
    ("www.yongning.gov.cn", "172.16.0.1", False),
    ("www.yongning.gov.cn", "192.168.0.1", False),
    ("www.yongning.gov.cn", "100.64.0.1", False),       # carrier-grade NAT
    ("www.yongning.gov.cn", "169.254.169.254", False),  # the cloud's metadata service
    ("www.yongning.gov.cn", "::1", False),
    ("www.yongning.gov.cn", "::ffff:10.0.0.1", False),  # IPv4 inside IPv6
    ("www.yongning.gov.cn", "fe80::1%eth0", False),
    ("www.yongning.gov.cn", "fd00::1", False),
    ("www.yongning.gov.cn", "224.0.0.1", False),
    ("oa.yongning.gov.cn", "10.1.2.3", True),           # the office listed its intranet host
    ("OA.yongning.gov.cn.", "10.1.2.3", True),
])
def test_which_addresses_a_link_may_reach(host, address, allowed):
    assert address_allowed(host, address, frozenset({"oa.yongning.gov.cn"})) is allowed
