"""AWS is reached over TLS: the daemon checks the endpoint's certificate against the system's
certificate authorities (or those SSL_CERT_DIR / SSL_CERT_FILE name, as OpenSSL's defaults do),
and acts on nothing an endpoint it cannot trust says. A TLS front on 127.0.0.1, with a
certificate authority made for the test, stands for AWS before the fake."""

import json
import socket
import ssl
import subprocess
import threading

import pytest

from harness import wait_until

VPC = {"Resources": {"Network": {"Type": "AWS::EC2::VPC",
                                  "Properties": {"CidrBlock": "10.40.0.0/16"}}}}


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=30)


@pytest.fixture
def authority(tmp_path):
    """A certificate authority, a certificate it signed for localhost, and a directory holding
    the authority under its hash, as /etc/ssl/certs holds the system's."""
    pki = tmp_path / "pki"
    trusted = pki / "trusted"
    trusted.mkdir(parents=True)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
            "/CN=awsreconciled test authority", "-keyout", "ca.key", "-out", "ca.pem", cwd=pki)
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout",
            "server.key", "-out", "server.csr", cwd=pki)
    (pki / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem", cwd=pki)
    (trusted / "ca.pem").write_bytes((pki / "ca.pem").read_bytes())
    openssl("rehash", str(trusted), cwd=pki)
    return pki


class TlsFront:
    """Accepts TLS on 127.0.0.1 with the test's certificate and relays each connection's bytes
    to the fake; closes everything when stopped."""

    def __init__(self, pki, fake_port):
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(pki / "server.pem", pki / "server.key")
        self.fake_port = fake_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.handshakes_refused = 0
        self.stopped = threading.Event()
        self.sockets = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except socket.timeout:
                continue
            client.settimeout(10)
            try:
                secure = self.context.wrap_socket(client, server_side=True)
            except (ssl.SSLError, OSError):
                self.handshakes_refused += 1  # the client did not trust us
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.fake_port), timeout=10)
            self.sockets += [secure, upstream]
            for source, sink in ((secure, upstream), (upstream, secure)):
                threading.Thread(target=self._relay, args=(source, sink), daemon=True).start()

    def _relay(self, source, sink):
        try:
            while not self.stopped.is_set():
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.close()
            except OSError:
                pass

    def stop(self):
        self.stopped.set()
        self.thread.join(timeout=5)
        self.listener.close()
        for end in self.sockets:
            try:
                end.close()
            except OSError:
                pass


@pytest.fixture
def tls_front(authority, fake):
    front = TlsFront(authority, fake.port)
    yield front
    front.stop()


def start_over_tls(make_daemon, tls_front, env):
    daemon = make_daemon(config={"endpoint_url": f"https://localhost:{tls_front.port}",
                                 "poll_interval": "2s"},
                         env={"SSL_CERT_FILE": None, **env})
    daemon.start()
    (daemon.desired / "network.json").write_text(json.dumps(VPC))
    return daemon


def test_an_endpoint_whose_certificate_a_trusted_authority_signed_is_reconciled(
        make_daemon, fake, tls_front, authority):
    daemon = start_over_tls(make_daemon, tls_front, {"SSL_CERT_DIR": str(authority / "trusted")})
    wait_until(lambda: daemon.get("/v1/resources/Network").json().get("state") == "Ready",
               timeout=30, what="Network Ready over TLS")
    assert fake.count("ec2", "CreateVpc") == 1
    assert tls_front.handshakes_refused == 0


def test_an_endpoint_no_trusted_authority_vouches_for_is_never_acted_on(
        make_daemon, fake, tls_front, tmp_path):
    nobody = tmp_path / "no-authorities"
    nobody.mkdir()
    daemon = start_over_tls(make_daemon, tls_front, {"SSL_CERT_DIR": str(nobody),
                                                    "SSL_CERT_FILE": str(nobody / "none.pem")})
    wait_until(lambda: daemon.get("/v1/resources/Network").json().get("state") == "Error",
               timeout=30, what="Network in Error")
    assert tls_front.handshakes_refused > 0
    assert fake.calls()["log"] == [], "nothing reached AWS through an untrusted endpoint"
    assert "certificate verify failed" in daemon.stderr()
