"""A throw-away WordPress on 127.0.0.1 for tests, built from Debian's packages.

Everything lives in one short temporary directory (unix socket paths must stay under
107 bytes): a private MariaDB with its own data directory and socket, a copy of
/usr/share/wordpress with its own wp-config.php (Debian's reads /etc/wordpress, which
every instance on 127.0.0.1 would share), and PHP's built-in server in front of it.
Nothing touches the system's MariaDB, Apache or /etc.

    server = WordPressServer()
    server.start()
    ... server.url, server.user, server.app_password ...
    server.stop()

Run as a script to start one by hand: `python -m tests.wordpress.server`.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
WORDPRESS_SOURCE = Path("/usr/share/wordpress")
PERMALINKS = "/%year%/%monthnum%/%day%/%postname%/"
PACKAGES = "wordpress mariadb-server php-cli php-mysql"
REQUIRED_PROGRAMS = ("php", "mariadbd", "mariadb-install-db")

# PHP's CLI defaults (2 MB uploads, 8 MB bodies) are smaller than an agency photo.
DEFAULT_PHP_INI = {
    "upload_max_filesize": "64M",
    "post_max_size": "66M",
    "memory_limit": "256M",
    "max_execution_time": "60",
    "display_errors": "stderr",
}


class WordPressServerError(RuntimeError):
    """The server could not be started; the message carries the relevant log tail."""


def available() -> tuple[bool, str]:
    """Whether the Debian packages this server needs are installed, and if not, why."""
    missing = [name for name in REQUIRED_PROGRAMS if shutil.which(name) is None]
    if not (WORDPRESS_SOURCE / "wp-settings.php").is_file():
        missing.append(str(WORDPRESS_SOURCE))
    if missing:
        return False, f"missing {', '.join(missing)} (Debian packages {PACKAGES})"
    modules = subprocess.run(
        ["php", "-m"], capture_output=True, text=True, timeout=30, check=False
    ).stdout.split()
    if "mysqli" not in modules:
        return False, "PHP has no mysqli extension (Debian package php-mysql)"
    return True, ""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user() -> list[str]:
    # MariaDB refuses to run as root unless told to; as anyone else it needs nothing.
    if os.geteuid() == 0:
        return [f"--user={pwd.getpwuid(0).pw_name}"]
    return []


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class WordPressServer:
    """One private WordPress: MariaDB + PHP's built-in server, stopped by their PIDs."""

    def __init__(
        self,
        *,
        user: str = "editor",
        email: str = "editor@example.invalid",
        workers: int = 4,
        php_ini: dict[str, str] | None = None,
        keep: bool = False,
        system_tables: bool = False,
        startup_timeout: float = 60.0,
    ) -> None:
        self.user = user
        self.email = email
        # The account's login password; REST clients use app_password instead.
        self.password = secrets.token_urlsafe(16)
        self.app_password = ""
        self.app_password_uuid = ""
        self.user_id = 0
        self.url = ""
        self.port = 0
        self.root: Path | None = None
        self.timings: dict[str, float] = {}
        self._workers = workers
        self._php_ini = {**DEFAULT_PHP_INI, **(php_ini or {})}
        self._keep = keep
        self._system_tables = system_tables
        self._timeout = startup_timeout
        self._mariadb: subprocess.Popen[bytes] | None = None
        self._php: subprocess.Popen[bytes] | None = None
        self._logs: list[IO[bytes]] = []

    available = staticmethod(available)

    # -- paths ---------------------------------------------------------------------

    @property
    def wpdir(self) -> Path:
        assert self.root is not None, "server not started"
        return self.root / "wp"

    @property
    def datadir(self) -> Path:
        assert self.root is not None, "server not started"
        return self.root / "db"

    @property
    def socket_path(self) -> Path:
        assert self.root is not None, "server not started"
        return self.root / "s.sock"

    @property
    def uploads_dir(self) -> Path:
        return self.wpdir / "wp-content" / "uploads"

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> None:
        if self._php is not None:
            return
        ok, reason = available()
        if not ok:
            raise WordPressServerError(f"WordPress cannot run here: {reason}")
        started = time.monotonic()
        self.root = Path(tempfile.mkdtemp(prefix="dwp", dir="/tmp"))
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        self.timings["total"] = time.monotonic() - started

    def _start(self) -> None:
        assert self.root is not None
        t = time.monotonic()
        if self._system_tables:
            self._install_db()
            self.timings["install_db"] = time.monotonic() - t
        else:
            # With --skip-grant-tables MariaDB runs on an empty data directory (it only
            # warns about the missing mysql.* tables), which saves mariadb-install-db's
            # 0.7 s (5 s on a busy machine). WordPress needs none of those tables.
            self.datadir.mkdir()
        self._start_mariadb()
        # PHP needs no database until the first request: start it while MariaDB boots,
        # and copy WordPress meanwhile too.
        self._copy_wordpress()
        self.timings["copy"] = time.monotonic() - t
        self._start_php()
        if not self._wait_for_socket() and not self._system_tables:
            # This MariaDB will not start bare: give it its system tables after all.
            self._mariadb = None
            shutil.rmtree(self.datadir)
            self._install_db()
            self._start_mariadb()
            if not self._wait_for_socket():
                raise WordPressServerError(
                    "mariadbd exited:\n" + _tail(self.root / "mariadbd.log")
                )
        elif self._mariadb is None or self._mariadb.poll() is not None:
            raise WordPressServerError("mariadbd exited:\n" + _tail(self.root / "mariadbd.log"))
        self.timings["mariadb"] = time.monotonic() - t

        t = time.monotonic()
        self._install()
        self.timings["install"] = time.monotonic() - t

        t = time.monotonic()
        self._wait_for_rest()
        self.timings["rest_ready"] = time.monotonic() - t

    def _install_db(self) -> None:
        assert self.root is not None
        done = subprocess.run(
            [
                "mariadb-install-db",
                "--no-defaults",
                f"--datadir={self.datadir}",
                *_as_user(),
                "--skip-test-db",
                "--auth-root-authentication-method=normal",
            ],
            stdout=self._log("install-db.log"),
            stderr=subprocess.STDOUT,
            timeout=self._timeout,
            check=False,
        )
        if done.returncode != 0:
            raise WordPressServerError(
                "mariadb-install-db failed:\n" + _tail(self.root / "install-db.log")
            )

    def stop(self) -> None:
        """Stop the processes this object started (by PID) and remove the directory."""
        if self._php is not None:
            # The built-in server forks its workers into its own process group.
            self._terminate(self._php, group=True)
            self._php = None
        if self._mariadb is not None:
            self._terminate(self._mariadb, group=False)
            self._mariadb = None
        for log in self._logs:
            log.close()
        self._logs.clear()
        if self.root is not None and not self._keep:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> WordPressServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @staticmethod
    def _terminate(proc: subprocess.Popen[bytes], *, group: bool) -> None:
        if proc.poll() is not None:
            return

        def send(sig: int) -> None:
            try:
                if group:
                    os.killpg(proc.pid, sig)
                else:
                    proc.send_signal(sig)
            except ProcessLookupError:
                pass

        send(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            send(signal.SIGKILL)
            proc.wait(timeout=5)

    # -- steps ---------------------------------------------------------------------

    def _log(self, name: str) -> IO[bytes]:
        assert self.root is not None
        log = open(self.root / name, "wb")  # noqa: SIM115 - closed in stop()
        self._logs.append(log)
        return log

    def _copy_wordpress(self) -> None:
        # A copy, not symlinks: WordPress derives ABSPATH from its files' real paths.
        # Hard links make it instant; they share the files with /usr/share/wordpress,
        # so files are only ever replaced here, never rewritten, and wp-config.php
        # forbids WordPress's own file editing. Across filesystems, or where the
        # kernel refuses links to others' files, fall back to a real copy.
        linked = subprocess.run(
            ["cp", "-al", f"{WORDPRESS_SOURCE}/.", str(self.wpdir)],
            capture_output=True, check=False,
        )
        if linked.returncode != 0:
            shutil.rmtree(self.wpdir, ignore_errors=True)
            subprocess.run(
                ["cp", "-a", f"{WORDPRESS_SOURCE}/.", str(self.wpdir)], check=True
            )
        for name in ("wp-config.php", ".htaccess"):  # Debian's, reading /etc/wordpress
            (self.wpdir / name).unlink(missing_ok=True)
        for sub in ("uploads", "upgrade", "languages"):
            (self.wpdir / "wp-content" / sub).mkdir(parents=True, exist_ok=True)
        (self.wpdir / "wp-config.php").write_text(self._wp_config())
        assert self.root is not None
        shutil.copyfile(HERE / "router.php", self.root / "router.php")

    def _wp_config(self) -> str:
        salts = "\n".join(
            f"define({name!r}, {secrets.token_hex(32)!r});"
            for name in (
                "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
                "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT",
            )
        )
        return f"""<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:{self.socket_path}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
{salts}
$table_prefix = 'wp_';
define('WP_HOME', '{self.url}');
define('WP_SITEURL', '{self.url}');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
// Application Passwords are refused over plain http unless the site says it is local.
define('WP_ENVIRONMENT_TYPE', 'local');
// No network here: fail calls to wordpress.org at once instead of timing out.
define('WP_HTTP_BLOCK_EXTERNAL', true);
// Cron runs only when a test asks for it (run_cron), never behind a request.
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('FS_METHOD', 'direct');
// The core files may be hard links to /usr/share/wordpress: no editing, no updates.
define('DISALLOW_FILE_EDIT', true);
define('DISALLOW_FILE_MODS', true);
define('WP_DEBUG', false);
if (!defined('ABSPATH')) {{
    define('ABSPATH', __DIR__ . '/');
}}
require_once ABSPATH . 'wp-settings.php';
"""

    def _start_mariadb(self) -> None:
        assert self.root is not None
        self._mariadb = subprocess.Popen(
            [
                "mariadbd",
                "--no-defaults",
                f"--datadir={self.datadir}",
                f"--socket={self.socket_path}",
                f"--pid-file={self.root / 'mariadbd.pid'}",
                f"--log-error={self.root / 'mariadbd.log'}",
                *_as_user(),
                "--skip-networking",
                "--skip-grant-tables",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=32M",
                # Throw-away data: durability costs time and buys nothing.
                "--innodb-flush-log-at-trx-commit=0",
                "--innodb-doublewrite=0",
                "--performance-schema=OFF",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _wait_for_socket(self) -> bool:
        """True once MariaDB accepts connections; False if it exited first."""
        assert self.root is not None and self._mariadb is not None
        deadline = time.monotonic() + self._timeout
        while time.monotonic() < deadline:
            if self._mariadb.poll() is not None:
                return False
            if self.socket_path.exists():
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                    try:
                        sock.connect(str(self.socket_path))
                        return True
                    except OSError:
                        pass
            time.sleep(0.02)
        raise WordPressServerError(
            "MariaDB did not open its socket:\n" + _tail(self.root / "mariadbd.log")
        )

    def _php_args(self) -> list[str]:
        args: list[str] = []
        for key, value in self._php_ini.items():
            args += ["-d", f"{key}={value}"]
        return args

    def _start_php(self) -> None:
        assert self.root is not None
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            # One worker stalls as soon as WordPress makes a request to itself.
            "PHP_CLI_SERVER_WORKERS": str(self._workers),
        }
        self._php = subprocess.Popen(
            ["php", *self._php_args(), "-S", f"127.0.0.1:{self.port}",
             "-t", str(self.wpdir), str(self.root / "router.php")],
            cwd=self.wpdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log("php.log"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _install(self) -> None:
        assert self.root is not None
        config = {
            "wpdir": str(self.wpdir),
            "socket": str(self.socket_path),
            "db": "wordpress",
            "url": self.url,
            "user": self.user,
            "password": self.password,
            "email": self.email,
            "permalinks": PERMALINKS,
        }
        done = subprocess.run(
            ["php", *self._php_args(), str(HERE / "install.php"), json.dumps(config)],
            capture_output=True,
            text=True,
            timeout=self._timeout,
            check=False,
        )
        lines = done.stdout.strip().splitlines()
        try:
            answer = json.loads(lines[-1])
        except (IndexError, ValueError):
            answer = None
        if done.returncode != 0 or not isinstance(answer, dict):
            raise WordPressServerError(
                f"WordPress installation failed ({done.returncode}):\n"
                f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
            )
        self.user_id = int(answer["user_id"])
        self.app_password = str(answer["app_password"])
        self.app_password_uuid = str(answer["app_password_uuid"])

    def _wait_for_rest(self) -> None:
        assert self.root is not None and self._php is not None
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + self._timeout
        last = ""
        while time.monotonic() < deadline:
            if self._php.poll() is not None:
                raise WordPressServerError("php -S exited:\n" + _tail(self.root / "php.log"))
            try:
                with opener.open(f"{self.url}/wp-json/", timeout=5) as response:
                    if "wp/v2" in json.load(response).get("namespaces", []):
                        return
            except (OSError, ValueError) as error:
                last = str(error)
            time.sleep(0.05)
        raise WordPressServerError(
            f"REST API not ready at {self.url}/wp-json/ ({last}):\n"
            + _tail(self.root / "php.log")
        )

    # -- helpers for tests ---------------------------------------------------------

    def run_cron(self) -> None:
        """Run WP-Cron once (scheduled posts are published only when this is asked)."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"{self.url}/wp-cron.php", timeout=30) as response:
            response.read()

    def php(self, code: str) -> str:
        """Run PHP inside this WordPress (wp-load.php already loaded); return stdout."""
        script = (
            "<?php $_SERVER['HTTP_HOST'] = " + json.dumps(f"127.0.0.1:{self.port}") + ";"
            " require " + json.dumps(str(self.wpdir / "wp-load.php")) + ";\n" + code
        )
        done = subprocess.run(
            ["php", *self._php_args()],
            input=script, capture_output=True, text=True, timeout=60, check=False,
        )
        if done.returncode != 0:
            raise WordPressServerError(f"PHP failed: {done.stdout}\n{done.stderr}")
        return done.stdout


def main() -> None:
    ok, reason = available()
    if not ok:
        raise SystemExit(f"{reason}: run .ci/wordpress-packages")
    server = WordPressServer()
    server.start()
    print(json.dumps({
        "url": server.url,
        "user": server.user,
        "app_password": server.app_password,
        "root": str(server.root),
        "timings": {k: round(v, 3) for k, v in server.timings.items()},
    }), flush=True)
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
