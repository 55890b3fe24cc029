"""python3 -m fakeaws --listen 127.0.0.1:0 | --unix PATH [--seed N]

Prints one line once ready, then serves until killed:
    fakeaws listening on http://127.0.0.1:PORT
    fakeaws listening on unix:PATH
"""
import argparse
import signal
import sys

from .dispatch import Fake
from .server import make_server


def main(argv=None):
    parser = argparse.ArgumentParser(prog="fakeaws", description="local AWS test double")
    parser.add_argument("--listen", default="127.0.0.1:0", help="HOST:PORT (port 0 picks one)")
    parser.add_argument("--unix", help="serve on this unix socket path instead of TCP")
    parser.add_argument("--seed", type=int, help="seed for IDs and fault decisions")
    args = parser.parse_args(argv)
    fake = Fake(seed=args.seed)
    if args.unix:
        server = make_server(fake, unix_path=args.unix)
        where = f"unix:{args.unix}"
    else:
        host, _, port = args.listen.rpartition(":")
        server = make_server(fake, host or "127.0.0.1", int(port))
        where = f"http://{server.server_address[0]}:{server.server_address[1]}"
    # Load the big models before announcing readiness so the first call is fast.
    for service in fake.services.values():
        service.protocol
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"fakeaws listening on {where}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
