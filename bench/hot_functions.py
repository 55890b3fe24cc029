#!/usr/bin/python3
"""Writes scripts/hot-functions.txt: the functions of the daemon's binary that a run executes,
which the link places together (CMakeLists.txt). Left where the compiler put them, the few
executed among the thousands never called are spread over the whole text, and the kernel maps a
file's pages in blocks around each one touched: RSS counted ~5 MiB of the binary where ~1.7 MiB
of it runs (docs/bench.md). Runs the daemon under valgrind's callgrind, which names every function
that executes at least once, on each of the bench's mixes at a small N: start, convergence,
steady full cycles, file drops, the control API's reads; at least one whole unit of each mix,
so every type of it runs.

    /usr/bin/python3 bench/hot_functions.py [--resources 300]

Needs valgrind (Debian's package). Run it again when the code has moved on: a function it does
not list is only placed among the others, never left out.
"""

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from awsrbench import mix as mixes  # noqa: E402
from awsrbench import procs, scenarios  # noqa: E402

OUTPUT = procs.REPO / "scripts" / "hot-functions.txt"
HEADER = """\
# The daemon's functions that a run executes, placed together by the link (CMakeLists.txt):
# written by bench/hot_functions.py, not by hand. One mangled name a line.
"""


def run_mix(binary, mix, resources, workdir):
    """Runs the daemon under callgrind on `mix`; returns the callgrind files it left."""
    wrapper = workdir / "callgrind.sh"
    wrapper.write_text(
        "#!/bin/sh\n"
        f"exec valgrind --tool=callgrind --demangle=no --compress-strings=no --compress-pos=no "
        f"--callgrind-out-file={workdir}/callgrind.%p.out {binary} \"$@\"\n")
    wrapper.chmod(0o755)
    procs.BINARY = str(wrapper)
    timeout = 600
    fake = procs.Fake()
    fake.control("POST", "/_fake/config", {"request_limits": False})
    daemon = procs.Daemon(workdir / "run", fake, poll_seconds=3600, pace_requests=False)
    kinds = scenarios.supported_types(fake, workdir / "probe", mixes.MIXES[mix])
    mixes.write_directory(daemon.desired, kinds, resources, "many-files")
    scenarios.converge(fake, daemon, resources, timeout)
    for _ in range(3):
        last = daemon.last_cycle()
        daemon.post("/v1/reconcile")
        daemon.wait_cycle(last, timeout)
    scenarios.reaction(fake, daemon, kinds, 5, timeout)
    for path in ("/v1/status", "/v1/resources", "/v1/files", "/v1/events"):
        daemon.get(path)
    daemon.stop()  # callgrind writes its file as the daemon exits
    fake.stop()
    return sorted(workdir.glob("callgrind.*.out"))


def executed_functions(callgrind_file, binary):
    """The names of `binary`'s functions that executed: each one has a block of its own costs,
    under the object it belongs to (`ob=`)."""
    names = set()
    in_binary = False
    for line in callgrind_file.read_text(errors="replace").splitlines():
        if line.startswith("ob="):
            in_binary = os.path.realpath(line[3:].strip()) == binary
        elif line.startswith("fn=") and in_binary:
            name = re.sub(r"'\d+$", "", line[3:].strip())  # callgrind's mark of a recursion
            if name and not name.startswith(("0x", "(")):
                names.add(name)
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=300)
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args()
    procs.install_cleanup()
    binary = os.path.realpath(procs.BINARY)
    names = set()
    for mix in ("stress", "realistic"):
        # At least one whole unit of the mix, so each of its types runs (a realistic unit is
        # 500 resources, its IAM and S3 ones last).
        unit = sum(kind.per_unit for kind in mixes.MIXES[mix])
        workdir = Path(tempfile.mkdtemp(prefix=f"awsr-hot-{mix}-"))
        for callgrind_file in run_mix(binary, mix, max(args.resources, unit), workdir):
            names |= executed_functions(callgrind_file, binary)
    Path(args.output).write_text(HEADER + "".join(f"{name}\n" for name in sorted(names)))
    print(f"{len(names)} functions written to {args.output}")


if __name__ == "__main__":
    main()
