"""The console's accounts and safety: nothing without a session, observers read only, forged forms refused,
sessions bound to their deployment and expiring, password guessing throttled, one-time links used once."""
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from bot import messages as m
from bot.console import accounts
from bot.console.sessions import IDLE, LIFETIME
from store.tables import AuditEntry, ConsoleLoginAttemptRow
from tests.console_harness import ADMIN, OBSERVER, PASSWORD, browser, make_world

PAGES = ("/", "/plans", "/audit", "/settings")


@pytest.fixture
def console_world(console_world_on_both):
    """Every test here on SQLite and on PostgreSQL."""
    return console_world_on_both


def audit_actions(world) -> list[tuple[str, str]]:
    with Session(world.duban.engine) as session:
        return [(e.actor, e.action) for e in session.exec(select(AuditEntry).order_by(AuditEntry.id))]


async def test_no_page_without_a_session_only_the_sign_in_page(anonymous):
    for path in PAGES:
        status, html = await anonymous.get(path)
        assert status == 200 and "<h1>登录</h1>" in html, path
    async with anonymous.client.get("/audit?unit=x", allow_redirects=False) as response:
        assert response.status == 303
        assert response.headers["Location"] == "/login?next=%2Faudit%3Funit%3Dx"


async def test_no_action_without_a_session(anonymous, console_world):
    before = audit_actions(console_world)
    status, html = await anonymous.post("/logout", {}, csrf="anything")
    assert status == 403 and m.CONSOLE_NO_SESSION in html
    assert audit_actions(console_world) == before


async def test_htmx_without_a_session_is_sent_to_the_sign_in_page(anonymous):
    async with anonymous.client.get("/audit", headers={"HX-Request": "true"}, allow_redirects=False) as response:
        assert response.status == 401 and response.headers["HX-Redirect"].startswith("/login")


async def test_signing_in_lands_on_the_page_asked_for_and_is_recorded(anonymous, console_world):
    await anonymous.get("/audit")
    status, html = await anonymous.post("/login?next=/audit", {"name": ADMIN, "password": PASSWORD})
    assert status == 200 and "<h1>留痕</h1>" in html and f"{ADMIN}（管理员）" in html
    assert (f"console:{ADMIN}", "console.sign_in") in audit_actions(console_world)


async def test_the_session_cookie_is_httponly_and_strict_and_secure_behind_https(console_world):
    found = await browser(console_world.console)
    await found.get("/login")
    console_world.console.secure = True     # as behind the HTTPS proxy (the test client itself speaks HTTP)
    async with found.client.post("/login", data={"name": ADMIN, "password": PASSWORD, "csrf": found.csrf},
                                 allow_redirects=False) as response:
        cookie = response.cookies["duban_console"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Strict"
    await found.client.close()


async def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(anonymous):
    status, html = await anonymous.sign_in(ADMIN, "not the password")
    assert status == 403 and m.CONSOLE_WRONG_PASSWORD in html
    status, html = await anonymous.sign_in("无此人", PASSWORD)
    assert status == 403 and m.CONSOLE_WRONG_PASSWORD in html


async def test_a_forged_form_is_refused(admin, console_world):
    before = audit_actions(console_world)
    status, html = await admin.post("/logout", {}, csrf="")
    assert status == 403 and m.CONSOLE_FORGED in html
    status, html = await admin.post("/logout", {}, csrf="a token from another page")
    assert status == 403 and m.CONSOLE_FORGED in html
    assert audit_actions(console_world) == before
    status, _ = await admin.get("/audit")
    assert status == 200 and "<h1>留痕</h1>" in _      # still signed in: the forged sign-out did nothing


async def test_htmx_requests_carry_the_token_in_a_header(admin):
    async with admin.client.post("/logout", headers={"X-CSRF-Token": admin.csrf}, allow_redirects=False) as response:
        assert response.status == 303 and response.headers["Location"] == "/login"


async def test_a_forged_sign_in_form_is_refused(anonymous):
    await anonymous.get("/login")
    status, html = await anonymous.post("/login", {"name": ADMIN, "password": PASSWORD}, csrf="forged")
    assert status == 403 and m.CONSOLE_FORGED in html


async def test_a_session_expires_when_idle_and_after_its_lifetime(admin, console_world):
    wall = console_world.wall
    wall.move_to(wall.now + IDLE - timedelta(minutes=1))
    assert (await admin.get("/audit"))[0] == 200 and "<h1>留痕</h1>" in (await admin.get("/audit"))[1]
    wall.move_to(wall.now + IDLE + timedelta(seconds=1))
    assert "<h1>登录</h1>" in (await admin.get("/audit"))[1]

    await admin.sign_in(ADMIN)
    for _ in range(LIFETIME // (IDLE - timedelta(minutes=1)) + 1):     # used all day, never idle
        wall.move_to(wall.now + IDLE - timedelta(minutes=1))
        status, html = await admin.get("/audit")
    assert "<h1>登录</h1>" in html


async def test_a_signed_out_session_cannot_act_again(admin):
    cookie = admin.cookie()
    await admin.post("/logout", {})
    admin.use_cookie(cookie)
    assert "<h1>登录</h1>" in (await admin.get("/audit"))[1]


async def test_another_offices_session_cannot_act(admin, console_world, tmp_path, calendar):
    other = make_world(tmp_path, calendar, audit_key="another office's audit key " + "9" * 32, name="other")
    theirs = await browser(other.console)
    await theirs.sign_in(ADMIN)      # the same account name and password, in the other office's console
    assert (await theirs.get("/audit"))[0] == 200 and "<h1>留痕</h1>" in (await theirs.get("/audit"))[1]
    admin.use_cookie(theirs.cookie())
    before = audit_actions(console_world)
    status, html = await admin.post("/logout", {}, csrf=theirs.csrf)
    assert status == 403 and m.CONSOLE_NO_SESSION in html
    assert "<h1>登录</h1>" in (await admin.get("/audit"))[1]
    assert audit_actions(console_world) == before
    await theirs.client.close()
    other.duban.engine.dispose()


async def test_guessing_a_password_is_throttled_per_account_even_with_the_right_one(anonymous, console_world):
    for _ in range(accounts.ACCOUNT_FAILURES):
        assert m.CONSOLE_WRONG_PASSWORD in (await anonymous.sign_in(ADMIN, "guess"))[1]
    status, html = await anonymous.sign_in(ADMIN, PASSWORD)
    assert status == 403 and m.CONSOLE_THROTTLED.format(minutes=15) in html
    assert (await anonymous.sign_in(OBSERVER))[0] == 200      # the throttle is the account's: others sign in
    console_world.wall.move_to(console_world.wall.now + accounts.THROTTLE_WINDOW + timedelta(minutes=1))
    fresh = await browser(console_world.console)
    status, html = await fresh.sign_in(ADMIN)
    assert status == 200 and "<h1>总览</h1>" in html
    await fresh.client.close()


async def test_guessing_many_accounts_from_one_address_is_throttled(anonymous, console_world):
    for n in range(accounts.ADDRESS_FAILURES):
        await anonymous.sign_in(f"账号{n}", "guess")
    status, html = await anonymous.sign_in(OBSERVER)
    assert status == 403 and m.CONSOLE_THROTTLED.format(minutes=15) in html
    with Session(console_world.duban.engine) as session:      # kept in the database: every process sees them
        assert len(session.exec(select(ConsoleLoginAttemptRow)).all()) == accounts.ADDRESS_FAILURES + 1


async def test_behind_the_proxy_the_throttle_counts_the_address_the_proxy_saw(anonymous, console_world):
    for n in range(accounts.ADDRESS_FAILURES):
        await anonymous.get("/login")
        await anonymous.post("/login", {"name": f"账号{n}", "password": "guess"},
                             headers={"X-Forwarded-For": "203.0.113.9, 198.51.100.7"})
    await anonymous.get("/login")
    status, html = await anonymous.post("/login", {"name": OBSERVER, "password": PASSWORD},
                                        headers={"X-Forwarded-For": "203.0.113.9, 198.51.100.8"})
    assert status == 200 and "<h1>总览</h1>" in html          # another office worker behind the same proxy
    with Session(console_world.duban.engine) as session:
        addresses = set(session.exec(select(ConsoleLoginAttemptRow.address)))
    assert addresses == {"198.51.100.7", "198.51.100.8"}
