#!/usr/bin/env python3
"""make-long-history.py SOURCE_DIR REPO [COMMITS] — a bare repository with a long history built from
real code, for benchmarking `leakwatch history` (issue 4).

Each commit either adds one or two files of SOURCE_DIR (in sorted order) or edits up to three
files already added (one line inserted at a random place), so that the history has thousands
of commits, many versions of each file and a realistic pack (deltas between versions). Written
with `git fast-import`; the same SOURCE_DIR, COMMITS and seed give the same repository.
"""
import os
import random
import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    source, repo = sys.argv[1], sys.argv[2]
    commits = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    rng = random.Random(7)
    files = sorted(
        os.path.join(d, f)
        for d, _, names in os.walk(source)
        for f in names
        if os.path.isfile(os.path.join(d, f)) and os.path.getsize(os.path.join(d, f)) < 200_000
    )
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", repo], check=True)
    fast_import = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    out = fast_import.stdin
    mark = 0
    contents = {}
    when = 1_500_000_000
    added = 0
    made = 0

    def blob(data):
        nonlocal mark
        mark += 1
        out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
        return mark

    while made < commits:
        changes = []
        if added < len(files) and (rng.random() < 0.6 or not contents):
            for _ in range(rng.randint(1, 2)):
                if added >= len(files):
                    break
                path = files[added]
                added += 1
                with open(path, "rb") as f:
                    data = f.read()
                rel = os.path.relpath(path, source)
                contents[rel] = data
                changes.append((rel, blob(data)))
        else:
            for rel in rng.sample(sorted(contents), min(3, len(contents))):
                lines = contents[rel].split(b"\n")
                lines.insert(rng.randrange(len(lines) + 1), b"# edit %d" % made)
                contents[rel] = b"\n".join(lines)
                changes.append((rel, blob(contents[rel])))
        if not changes:
            break
        when += 3600
        message = b"commit %d" % made
        out.write(b"commit refs/heads/main\ncommitter Dev <dev@example.com> %d +0000\n" % when)
        out.write(b"data %d\n%s\n" % (len(message), message))
        for rel, blob_mark in changes:
            out.write(b"M 100644 :%d %s\n" % (blob_mark, rel.encode()))
        out.write(b"\n")
        made += 1
    out.close()
    if fast_import.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", repo, "gc", "-q", "--aggressive"], check=True)
    print(f"{repo}: {made} commits, {len(contents)} files")


if __name__ == "__main__":
    main()
