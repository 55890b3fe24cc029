import pytest

from harness import Daemon


@pytest.fixture
def make_daemon(tmp_path):
    """Builds daemons in this test's temporary directory and stops them afterwards."""
    started = []

    def make(config=None, name="daemon", **kwargs):
        daemon = Daemon(tmp_path / name, config=config, **kwargs)
        started.append(daemon)
        return daemon

    yield make
    for daemon in started:
        daemon.stop()
