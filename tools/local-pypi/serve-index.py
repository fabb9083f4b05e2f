#!/usr/bin/env python3
"""Serve a package index written by make-index.py on 127.0.0.1, in the background (python3 stdlib only).

Usage:
    python3 tools/local-pypi/serve-index.py DIR [--port 8765]

The port is taken before this command returns. When it is in use, a server that answers every index page of DIR
with the same bytes (this index, started earlier) is kept (exit 0); any other makes it print one line saying so and
exit 1, so a build never installs from whatever else answers there. `--port 0` lets
the system pick a free port; the lines printed then give the arguments that point a build at it (the index URL is
part of the layer cache keys, so the fixed default port keeps builds warm).

On success it prints where the index is served, the server's process id (stop it with `kill PID`) and its log file
(DIR.log), and returns while the server goes on in the background.
"""

import argparse
import functools
import http.server
import os
import sys
import urllib.request

DEFAULT_PORT = 8765


def serves_this_index(port, directory):
    """Whether 127.0.0.1:PORT answers every index page of DIR with exactly its bytes (an index started earlier)."""
    simple = os.path.join(directory, "simple")
    pages = ["index.html"] + [f"{name}/index.html" for name in sorted(os.listdir(simple))
                              if os.path.isfile(os.path.join(simple, name, "index.html"))]
    try:
        for page in pages:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/simple/{page}", timeout=5) as response:
                with open(os.path.join(simple, page), "rb") as own:
                    if response.read() != own.read():
                        return False
        return True
    except (OSError, ValueError):
        return False


def main():
    parser = argparse.ArgumentParser(prog="serve-index.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", help="the folder make-index.py wrote (it holds simple/index.html)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port on 127.0.0.1 (default {DEFAULT_PORT}; 0: a free one)")
    args = parser.parse_args()

    directory = os.path.abspath(args.dir)
    if not os.path.isfile(os.path.join(directory, "simple", "index.html")):
        print(f"serve-index: {directory} is not a package index (no simple/index.html): "
              f"run python3 tools/local-pypi/make-index.py {args.dir} first", file=sys.stderr)
        return 1
    if not 0 <= args.port <= 65535:
        print(f"serve-index: --port {args.port} is not a port (0-65535)", file=sys.stderr)
        return 2

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=directory)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as e:
        if serves_this_index(args.port, directory):
            print(f"Already served at http://127.0.0.1:{args.port}/simple (the same index pages as {directory})")
            return 0
        print(f"serve-index: 127.0.0.1:{args.port} is in use ({e.strerror}) by a server that does not serve this "
              f"index; a build would install from it. Stop that server, or run with --port 0 for a free port.",
              file=sys.stderr)
        return 1

    port = server.server_address[1]
    log = directory.rstrip("/") + ".log"
    pid = os.fork()
    if pid == 0:
        # The server: its own session (a terminal's Ctrl-C or hang-up does not stop it), requests logged to DIR.log.
        os.setsid()
        with open(log, "ab", buffering=0) as out, open(os.devnull, "rb") as null:
            os.dup2(null.fileno(), 0)
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
        try:
            server.serve_forever()
        finally:
            os._exit(0)

    server.socket.close()
    url = f"http://127.0.0.1:{port}/simple"
    print(f"Serving {directory} at {url} (pid {pid}: stop it with kill {pid}; log {log})")
    if port != DEFAULT_PORT:
        print(f"Not the default port {DEFAULT_PORT} (container/context.offline.yaml names that one): build with "
              f"--build-arg PIP_INDEX_URL={url} (and for --framework trtllm --tensorrtllm-index-url {url})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
