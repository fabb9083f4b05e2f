#!/usr/bin/env python3
"""Write a tiny PEP 503 package index for offline image builds (python3 stdlib only).

Usage:
    python3 tools/local-pypi/make-index.py OUTDIR [--version 1.6.1] [--trtllm-version 1.1.0rc5]
                                                 [--serve PORT]

It writes real, installable (pure-Python) wheels by hand -- nothing is downloaded:

  * ai-dynamo <version>: packages dynamo, dynamo.frontend, dynamo.vllm, dynamo.trtllm,
    dynamo.sglang; `python -m dynamo.<name>` prints "dynamo.<name> <version>" and exits 0.
    Extras vllm, trtllm, sglang, kvbm are declared (Provides-Extra) and pull in nothing.
  * tensorrt-llm <trtllm-version>: package tensorrt_llm (`python -m tensorrt_llm` prints its
    version), so Dockerfile.trtllm's wheel step can run against this index.

Layout (PEP 503 "simple" API, served as static files):

    OUTDIR/simple/index.html
    OUTDIR/simple/ai-dynamo/index.html        + ai_dynamo-<v>-py3-none-any.whl
    OUTDIR/simple/tensorrt-llm/index.html     + tensorrt_llm-<v>-py3-none-any.whl
    OUTDIR/trtllm_wheel/tensorrt_llm-<v>-py3-none-any.whl   (a wheel dir for the
                                               `trtllm_wheel` build context, HAS_TRTLLM_CONTEXT=1)

Serve it on loopback only, in the background, with serve-index.py (it fails when the port is in use):
    python3 tools/local-pypi/serve-index.py OUTDIR
and build with `--network host --build-arg PIP_INDEX_URL=http://127.0.0.1:8765/simple`
(pip treats 127.0.0.0/8 as a secure origin, so no --trusted-host is needed).
`--serve PORT` does the same after writing (foreground, Ctrl-C to stop).
"""

import argparse
import base64
import hashlib
import html
import io
import os
import re
import sys
import zipfile

# Fixed timestamp: the same inputs always give byte-identical wheels.
ZIP_DATE = (2025, 1, 1, 0, 0, 0)


def normalize(name):
    """PEP 503 project name normalisation."""
    return re.sub(r"[-_.]+", "-", name).lower()


def record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def build_wheel(dist, version, files, metadata_extra=(), summary=""):
    """Return (filename, bytes) of a py3-none-any wheel holding `files` ({arcname: text})."""
    dist_us = re.sub(r"[-_.]+", "_", dist)
    distinfo = "%s-%s.dist-info" % (dist_us, version)
    metadata = ["Metadata-Version: 2.1", "Name: %s" % dist, "Version: %s" % version]
    if summary:
        metadata.append("Summary: %s" % summary)
    metadata.extend(metadata_extra)
    tops = sorted({name.split("/", 1)[0] for name in files if "/" in name})
    entries = dict(files)
    entries[distinfo + "/METADATA"] = "\n".join(metadata) + "\n\n"
    entries[distinfo + "/WHEEL"] = (
        "Wheel-Version: 1.0\n"
        "Generator: dynamo-local-pypi (make-index.py)\n"
        "Root-Is-Purelib: true\n"
        "Tag: py3-none-any\n"
    )
    entries[distinfo + "/top_level.txt"] = "".join(t + "\n" for t in tops)
    record_name = distinfo + "/RECORD"
    record_lines = []
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(entries):
            data = entries[name].encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
            record_lines.append("%s,%s,%d" % (name, record_hash(data), len(data)))
        record_lines.append("%s,," % record_name)
        info = zipfile.ZipInfo(record_name, date_time=ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        zf.writestr(info, "\n".join(record_lines) + "\n")
    return "%s-%s-py3-none-any.whl" % (dist_us, version), buf.getvalue()


def dynamo_wheel(version):
    main = (
        "import sys\n"
        "\n"
        "\n"
        "def main():\n"
        "    print(\"dynamo.{name} {version}\")\n"
        "    return 0\n"
        "\n"
        "\n"
        "if __name__ == \"__main__\":\n"
        "    sys.exit(main())\n"
    )
    files = {"dynamo/__init__.py": "__version__ = %r\n" % version}
    for name in ("frontend", "vllm", "trtllm", "sglang"):
        files["dynamo/%s/__init__.py" % name] = ""
        files["dynamo/%s/__main__.py" % name] = main.format(name=name, version=version)
    extras = ["Provides-Extra: %s" % e for e in ("vllm", "trtllm", "sglang", "kvbm")]
    return build_wheel("ai-dynamo", version, files, extras,
                       summary="Local stand-in for the ai-dynamo distribution (offline builds)")


def trtllm_wheel(version):
    files = {
        "tensorrt_llm/__init__.py": "__version__ = %r\n" % version,
        "tensorrt_llm/__main__.py": "print(\"tensorrt_llm %s\")\n" % version,
    }
    return build_wheel("tensorrt-llm", version, files,
                       summary="Local stand-in for the tensorrt-llm distribution (offline builds)")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as fh:
        fh.write(data)


def page(title, links):
    body = "".join('    <a href="%s">%s</a><br/>\n' % (html.escape(h, quote=True), html.escape(t))
                   for h, t in links)
    return ("<!DOCTYPE html>\n<html>\n  <head><meta name=\"pypi:repository-version\" content=\"1.0\">"
            "<title>%s</title></head>\n  <body>\n%s  </body>\n</html>\n" % (html.escape(title), body))


def make_index(outdir, version, trtllm_version):
    simple = os.path.join(outdir, "simple")
    wheels = {
        "ai-dynamo": [dynamo_wheel(version)],
        "tensorrt-llm": [trtllm_wheel(trtllm_version)],
    }
    for project, items in sorted(wheels.items()):
        links = []
        for filename, data in items:
            write(os.path.join(simple, normalize(project), filename), data)
            links.append(("%s#sha256=%s" % (filename, hashlib.sha256(data).hexdigest()), filename))
        write(os.path.join(simple, normalize(project), "index.html"), page("Links for " + project, links))
    write(os.path.join(simple, "index.html"),
          page("Simple index", [(normalize(p) + "/", p) for p in sorted(wheels)]))
    # A wheel directory usable as the `trtllm_wheel` named build context.
    filename, data = wheels["tensorrt-llm"][0]
    write(os.path.join(outdir, "trtllm_wheel", filename), data)
    return simple


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--version", default="1.6.1", help="ai-dynamo version (default 1.6.1)")
    parser.add_argument("--trtllm-version", default="1.1.0rc5",
                        help="tensorrt-llm version (default 1.1.0rc5)")
    parser.add_argument("--serve", type=int, metavar="PORT",
                        help="after writing, serve OUTDIR on 127.0.0.1:PORT (foreground)")
    args = parser.parse_args(argv)
    outdir = os.path.abspath(args.outdir)
    simple = make_index(outdir, args.version, args.trtllm_version)
    print(simple)
    sys.stdout.flush()
    if args.serve is not None:
        import functools
        import http.server
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=outdir)
        with http.server.ThreadingHTTPServer(("127.0.0.1", args.serve), handler) as httpd:
            try:
                httpd.serve_forever()
            except KeyboardInterrupt:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
