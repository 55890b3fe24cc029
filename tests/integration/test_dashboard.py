"""The control API's page (GET /), loaded in headless Chromium against a running daemon: what a
person sees — counts by state, resources, a file's problems, held deletions, the event stream."""

import json
import re
import shutil
import subprocess

import pytest

from harness import wait_until, write_atomically

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def tcp_port(daemon):
    for line in daemon.stderr().splitlines():
        if "api listening on tcp:" in line and "(port " in line:
            return line.rsplit("(port ", 1)[1].rstrip(")")
    return None


def rendered_page(url, tmp_path):
    """The page's DOM once its scripts have run, as Chromium builds it."""
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'chromium'}", "--virtual-time-budget=8000",
         "--dump-dom", url],
        capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def vpc(cidr):
    return {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": cidr}, "DeletionPolicy": "Delete"}


def test_page_is_served_without_external_assets(make_daemon):
    daemon = make_daemon().start()
    page = daemon.get("/")
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text), "no external assets"


@pytest.mark.skipif(CHROMIUM is None, reason="chromium missing")
def test_page_shows_counts_resources_problems_held_deletions_and_events(make_daemon, tmp_path):
    daemon = make_daemon(config={"api": {"tcp": "127.0.0.1:0",
                                         "unix_socket": str(tmp_path / "daemon" / "run" / "api.sock")},
                                 "max_deletions_per_cycle": 1}).start()
    port = wait_until(lambda: tcp_port(daemon), what="tcp port in the log")
    write_atomically(daemon.desired / "net.json", json.dumps({"Resources": {
        "EastVpc": vpc("10.1.0.0/16"), "WestVpc": vpc("10.2.0.0/16")}}))
    (daemon.desired / "broken.json").write_text('{"Resources": {"X": {"Type": "AWS::EC2::VCP"}}}')
    wait_until(lambda: daemon.get("/v1/status").json()["resources"]["by_state"].get("Ready") == 2,
               timeout=10, what="two VPCs Ready")
    # Both leave the files at once: more than max_deletions_per_cycle, so both are held.
    (daemon.desired / "net.json").unlink()
    wait_until(lambda: "net.json" not in daemon.files(), what="the removal seen")
    daemon.post("/v1/reconcile")
    def held():
        return [r for r in daemon.get("/v1/resources").json()["resources"] if r["state"] == "Held"]
    wait_until(lambda: len(held()) == 2, timeout=10, what="two deletions held")

    dom = rendered_page(f"http://127.0.0.1:{port}/", tmp_path)
    assert 'data-loaded="true"' in dom
    assert re.search(r'class="chip Held">2 Held<', dom)
    assert re.search(r'<tr class="resource" data-id="EastVpc">.*?AWS::EC2::VPC.*?Held', dom)
    assert "broken.json:/Resources/X/Type: unsupported resource type AWS::EC2::VCP" in dom
    held_panel = re.search(r'<div id="held"[^>]*>(.*?)</div>', dom).group(1)
    assert "EastVpc (AWS::EC2::VPC)" in held_panel and "WestVpc (AWS::EC2::VPC)" in held_panel
    events = re.search(r'<div id="events">(.*?)</div>\s*</section>', dom, re.S).group(1)
    assert "EastVpc" in events and "create" in events

    filtered = rendered_page(f"http://127.0.0.1:{port}/?state=Ready", tmp_path)
    assert 'data-id="EastVpc"' not in filtered
