"""SiteServer, the local web server behind Open in Browser: the site as a web server
shows it, nothing of Desk's own, quiet when a browser drops a download."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request

from desk.core.export.serve import SiteServer


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers["Content-Type"]
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


def test_folders_by_their_index_the_right_types_and_no_dot_files(tmp_path):
    (tmp_path / "category" / "world").mkdir(parents=True)
    (tmp_path / "category" / "world" / "index.html").write_text("<p>World</p>", encoding="utf-8")
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "1-400.webp").write_bytes(b"RIFF0000WEBP")
    (tmp_path / ".desk-export.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".site.desk").mkdir()
    (tmp_path / ".site.desk" / "x.html").write_text("private", encoding="utf-8")
    with SiteServer(tmp_path) as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert _get(server.url + "category/world/")[:2] == (200, b"<p>World</p>")
        assert _get(server.url + "media/1-400.webp")[2] == "image/webp"
        assert _get(server.url + ".desk-export.json")[0] == 404
        assert _get(server.url + ".site.desk/x.html")[0] == 404
        assert _get(server.url + "%2Edesk-export.json")[0] == 404


def test_a_browser_that_drops_a_download_is_not_an_error(tmp_path, capfd):
    (tmp_path / "big.jpg").write_bytes(b"\xff" * 8_000_000)
    with SiteServer(tmp_path) as server:
        port = int(server.url.rsplit(":", 1)[1].strip("/"))
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", port)) as client:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                client.sendall(b"GET /big.jpg HTTP/1.1\r\nHost: x\r\n\r\n")
                client.recv(1000)
        assert _get(server.url + "big.jpg")[0] == 200  # still serving
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Broken pipe" not in err
