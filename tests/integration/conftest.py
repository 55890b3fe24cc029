import pytest

from harness import Daemon, FakeAws


@pytest.fixture(scope="session")
def fake_aws_server():
    fake = FakeAws()
    yield fake
    fake.stop()


@pytest.fixture
def fake(fake_aws_server):
    """The session's fake AWS, emptied and without faults for this test."""
    fake_aws_server.reset()
    return fake_aws_server


@pytest.fixture
def make_daemon(tmp_path, fake):
    """Builds daemons in this test's temporary directory, pointed at the fake AWS, and stops
    them afterwards."""
    started = []

    def make(config=None, name="daemon", **kwargs):
        daemon = Daemon(tmp_path / name, config=config, fake=fake, **kwargs)
        started.append(daemon)
        return daemon

    yield make
    for daemon in started:
        daemon.stop()
