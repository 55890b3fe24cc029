"""HTTP/1.1 front end: threads per connection, keep-alive, TCP or a unix socket."""
import http.server
import os
import socket
import socketserver
import struct
from urllib.parse import urlsplit

from . import control
from .dispatch import RESET, Fake
from .protocols.common import Request


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: clients reuse connections
    # Headers and body go out in separate writes; without this, Nagle plus
    # delayed ACKs add 40 ms to every keep-alive response.
    disable_nagle_algorithm = True
    server_version = "fakeaws"

    def do_any(self):
        request = self._read_request()
        fake = self.server.fake
        if request.path.startswith(control.PREFIX):
            response = control.handle(fake, request)
        else:
            response = fake.handle(request)
        if response is RESET:
            self._reset_connection()
            return
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if "Content-Length" not in response.headers:  # HeadObject states the object's size
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_any

    def _read_request(self):
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        return Request(self.command, parts.path or "/", parts.query, self.headers, body)

    def _reset_connection(self):
        # SO_LINGER with a zero timeout makes close() send RST: the client sees
        # a connection reset with no response, as on a dropped AWS connection.
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass  # unix sockets have no linger; closing still drops the request
        self.close_connection = True

    def date_time_string(self, timestamp=None):
        # The Date header tells clients AWS's time; with a clock_skew fault, the fake's own.
        return super().date_time_string(self.server.fake.faults.now() if timestamp is None
                                        else timestamp)

    def address_string(self):
        return str(self.client_address[0]) if self.client_address else "unix"

    def log_message(self, format, *args):
        pass  # tests and benchmarks make many thousands of calls


class UnixHandler(Handler):
    disable_nagle_algorithm = False  # TCP_NODELAY fails on a unix socket


class TCPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


class UnixServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True

    def get_request(self):
        conn, _ = self.socket.accept()
        return conn, ("unix", 0)


def make_server(fake: Fake, host="127.0.0.1", port=0, unix_path=None):
    if unix_path:
        if os.path.exists(unix_path):
            os.unlink(unix_path)
        server = UnixServer(unix_path, UnixHandler)
    else:
        server = TCPServer((host, port), Handler)
    server.fake = fake
    return server
