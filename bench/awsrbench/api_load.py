"""The control API under load: wrk over loopback TCP while full cycles run."""

import re
import shutil
import threading

WRK = shutil.which("wrk") or "/usr/bin/wrk"


def wrk(port, path, seconds, connections=8, threads=2):
    import subprocess
    output = subprocess.run(
        [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
         "--latency", f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output):
    def latency_ms(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return round(value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit], 2)
    requests = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(requests.group(1)) if requests else None,
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def under_cycles(daemon, path, seconds, cycle_timeout):
    """Runs wrk on `path` while asking for one full cycle after another; returns wrk's figures
    and how many cycles ran during the load."""
    stop = threading.Event()
    completed = []

    def keep_cycling():
        while not stop.is_set():
            last = daemon.last_cycle()
            daemon.post("/v1/reconcile")
            try:
                completed.append(daemon.wait_cycle(last, cycle_timeout))
            except TimeoutError:
                return

    cycler = threading.Thread(target=keep_cycling, daemon=True)
    cycler.start()
    try:
        result = wrk(daemon.tcp_port, path, seconds)
    finally:
        stop.set()
        cycler.join(cycle_timeout)
    result["cycles_during_load"] = len(completed)
    return result
