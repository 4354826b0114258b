"""What the server's crash test and load scripts share: a `surplus serve` process on a loopback
port (started, killed with SIGKILL, restarted on the same database), a fresh PostgreSQL database
for it, and an HTTP client that sends the contract's requests (/work/tools/SERVER-CONTRACT.md,
Sources/Server/openapi.yaml) with their Idempotency-Key and bearer key.

Standard library only. Amounts are kept as integer micro-units (the ledger's unit): JSON numbers
are parsed as Decimal and converted exactly.
"""
import glob, http.client, json, os, secrets, signal, socket, subprocess, time, urllib.parse
from decimal import Decimal

MICRO = 10 ** 6


def micro(value):
    """An amount (a JSON number parsed as Decimal, or a string) in micro-units, exactly."""
    scaled = Decimal(str(value)) * MICRO
    if scaled != scaled.to_integral_value():
        raise ValueError(f"amount {value} has more than 6 decimals")
    return int(scaled)


def tokens(micro_units):
    """Micro-units as the JSON number text the API takes (at most 6 decimals)."""
    return Decimal(micro_units).scaleb(-6)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Failure(Exception):
    """A broken guarantee, reported as one line."""


class ServerProcess:
    """`BINARY serve` on 127.0.0.1 with one database and admin key across restarts; its stderr goes
    to `log` (appended), where the server says `surplus: listening on http://HOST:PORT` when ready."""

    def __init__(self, binary, database, log, workdir, extra=(), ready_seconds=120):
        self.binary, self.database, self.log, self.workdir = binary, database, log, workdir
        self.extra, self.ready_seconds = list(extra), ready_seconds
        self.admin_key = "admin-" + secrets.token_hex(16)
        self.port = free_port()
        self.process = None
        self.starts = 0

    def command(self):
        return [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port),
                "--database", self.database, "--admin-key", self.admin_key] + self.extra

    def start(self):
        """Starts the server and returns the seconds until it said it listens."""
        started = time.monotonic()
        with open(self.log, "ab") as log:
            offset = log.tell()
            log.write(f"--- start {self.starts + 1}: {' '.join(self.command())}\n".encode())
        self.starts += 1
        log_handle = open(self.log, "ab")
        self.process = subprocess.Popen(self.command(), cwd=self.workdir, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=log_handle)
        log_handle.close()
        while True:
            with open(self.log, "rb") as log:
                log.seek(offset)
                if b"surplus: listening on" in log.read():
                    return time.monotonic() - started
            if self.process.poll() is not None:
                raise Failure(f"the server exited with status {self.process.returncode} before listening; log {self.log}")
            if time.monotonic() - started > self.ready_seconds:
                self.kill()
                raise Failure(f"the server did not listen within {self.ready_seconds} s; log {self.log}")
            time.sleep(0.02)

    def kill(self):
        """SIGKILL, then reap; a server that died by itself first is a failure."""
        if self.process is None:
            return
        if self.process.poll() is not None:
            raise Failure(f"the server died by itself (status {self.process.returncode}); log {self.log}")
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def stop(self):
        """SIGTERM (graceful), SIGKILL after 30 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.raw = status, headers, body
        try:
            self.json = json.loads(body, parse_float=Decimal) if body else None
        except ValueError:
            self.json = None

    @property
    def ok(self):
        return 200 <= self.status < 300

    @property
    def replayed(self):
        return self.headers.get("idempotent-replayed", "").lower() == "true"

    def __repr__(self):
        return f"{self.status} {self.raw[:300].decode(errors='replace')}"


class Client:
    """One keep-alive connection to the server. `send` raises OSError or http.client exceptions
    when the server is gone (the request's outcome is then unknown)."""

    def __init__(self, port, timeout=30):
        self.port, self.timeout = port, timeout
        self.connection = None

    def send(self, method, path, body=None, key=None, bearer=None):
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body, default=str).encode()
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if key is not None:
            headers["Idempotency-Key"] = key
        if bearer is not None:
            headers["Authorization"] = "Bearer " + bearer
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            payload = response.read()
        except Exception:
            self.close()
            raise
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, payload)

    def get(self, path, bearer):
        response = self.send("GET", path, bearer=bearer)
        if response.status != 200:
            raise Failure(f"GET {path}: {response}")
        return response.json

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def postgres_tool(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise Failure(f"{name} not found under /usr/lib/postgresql/*/bin (Scripts/postgres-cluster.sh installs it)")
    return found[-1]


def fresh_postgres_database(url, name):
    """Creates database `name` on the cluster of `url` (dropping an old one) and returns its URL."""
    parts = urllib.parse.urlsplit(url)
    run_sql(url, f'DROP DATABASE IF EXISTS "{name}"')
    run_sql(url, f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def drop_postgres_database(url, name):
    run_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_for_sessions_to_end(url, seconds=30):
    """Waits until no session is connected to the database of `url`: a killed server's backends
    finish what they had been sent (a COMMIT sent just before the kill still commits) and exit.
    Checking before then could see such a late commit land between two reads."""
    name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.lstrip("/"))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        count = run_sql(url, f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()", capture=True)
        if count.strip() == "0":
            return
        time.sleep(0.05)
    raise Failure(f"sessions of the killed server on {name} did not end within {seconds} s")


def run_sql(url, sql, capture=False):
    parts = urllib.parse.urlsplit(url)
    environment = dict(os.environ, PGPASSWORD=urllib.parse.unquote(parts.password or ""))
    result = subprocess.run([postgres_tool("psql"), "--quiet", "--no-psqlrc", "--host", parts.hostname, "--port", str(parts.port or 5432),
                    "--username", urllib.parse.unquote(parts.username or ""), "--dbname", "postgres", "--tuples-only", "--command", sql],
                   env=environment, check=True, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, text=True)
    return result.stdout if capture else None
