"""Evidence for the checks' tests: a public notice as Word, and a local web server with pages with and without a
身份证号, a 404, a redirect to 127.0.0.1, a slow page and a huge one. The server listens on 127.0.0.1 and is
reached as http://localhost:PORT, the name the tests list as the office's own host (loopback is refused otherwise)."""
import asyncio
import io

import pytest
from aiohttp import web
from docx import Document

ID_NUMBER = "640121199003071232"     # valid: 永宁县, born 1990-03-07, check digit 2


def public_notice_docx() -> bytes:
    document = Document()
    document.add_paragraph("永宁县2022年临时救助对象公示")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("姓名", "身份证号", "救助金额")):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("王某某", ID_NUMBER, "2000元")):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PUBLIC_NOTICE = """<html><head><meta charset="gbk"><title>永宁县2022年第三季度城乡低保对象公示</title>
<style>td {{ color: red }}</style></head><body><h1>城乡低保对象公示</h1>
<table><tr><th>姓名</th><th>身份证号</th><th>保障人数</th></tr>
<tr><td>张某某</td><td>{number}</td><td>3</td></tr></table>
<p>公示期7天。</p><script>var id = "{number}";</script></body></html>"""
SECRET = "/intranet-only"


async def _slow(request):
    await asyncio.sleep(5)
    return web.Response(text="<title>迟到的页面</title>", content_type="text/html")


async def _huge(request):
    response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
    await response.prepare(request)
    await response.write(b"<html><title>\xe5\xa4\xa7\xe9\xa1\xb5\xe9\x9d\xa2</title><body>")   # 大页面
    for _ in range(400):        # 40 MB if it were all read; the number comes after the cap
        await response.write(b"<p>" + b"x" * 100_000 + b"</p>")
    await response.write(f"<p>{ID_NUMBER}</p>".encode())
    return response


async def _gone(request):
    return web.Response(status=404)


async def _secret(request):
    return web.Response(text="<title>内网</title>", content_type="text/html")


async def _loop(request):
    raise web.HTTPFound("/loop")


def _page(number: str):
    async def handler(request):
        return web.Response(body=PUBLIC_NOTICE.format(number=number).encode("gbk"), content_type="text/html")
    return handler


@pytest.fixture
async def site():
    """A web server on 127.0.0.1, reached as http://localhost:PORT (the name the office lists in the tests)."""
    app = web.Application()
    routes = {"/unmasked": _page(ID_NUMBER), "/masked": _page("640121********1232"),
              "/gone": _gone, "/slow": _slow, "/huge": _huge, SECRET: _secret,
              "/loop": _loop, "/to-loopback": _to_loopback}
    for path, handler in routes.items():
        app.router.add_get(path, handler)
    runner = web.AppRunner(app, shutdown_timeout=0.1)   # the slow page is not waited for
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    yield f"http://localhost:{tcp._server.sockets[0].getsockname()[1]}"
    await runner.cleanup()


async def _to_loopback(request):
    raise web.HTTPFound(f"http://127.0.0.1:{request.url.port}{SECRET}")


