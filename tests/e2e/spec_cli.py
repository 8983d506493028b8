#!/usr/bin/python3
"""Run the Mustache spec through `heraldo template render`.

    spec_cli.py HERALDO SPECDIR

For every test of every SPECDIR/*.json file (tests/vectors/mustache-spec),
writes the template, the data (as JSON) and the partials (one NAME.mustache file
each) into a temporary folder, renders with the command line and compares
stdout with the expected bytes.  Tests whose data holds code (lambdas) are
skipped: lambdas need a host language.  Ends with "spec-cli: N passed,
N failed" and exits non-zero if any test failed.
"""

import glob
import json
import os
import subprocess
import sys
import tempfile


def has_code(v):
    if isinstance(v, dict):
        return v.get("__tag__") == "code" or any(map(has_code, v.values()))
    if isinstance(v, list):
        return any(map(has_code, v))
    return False


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))


def run(heraldo, test):
    """Returns (ok, what went wrong)."""
    with tempfile.TemporaryDirectory(prefix="heraldo-spec-") as tmp:
        pdir = os.path.join(tmp, "partials")
        os.mkdir(pdir)
        for name, text in test.get("partials", {}).items():
            write(os.path.join(pdir, name + ".mustache"), text)
        tpl = os.path.join(tmp, "template.mustache")
        data = os.path.join(tmp, "data.json")
        write(tpl, test["template"])
        write(data, json.dumps(test["data"]))
        p = subprocess.run([heraldo, "template", "render", tpl,
                            "--data", data, "--partials", pdir],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
        want = test["expected"].encode("utf-8")
        if p.returncode != 0:
            return False, "exit status %d\n%s" % (
                p.returncode, p.stderr.decode("utf-8", "replace"))
        if p.stdout != want:
            return False, "expected: %r\n  got:      %r" % (want, p.stdout)
        return True, ""


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: spec_cli.py HERALDO SPECDIR\n")
        return 2
    heraldo = os.path.abspath(sys.argv[1])
    files = sorted(glob.glob(os.path.join(sys.argv[2], "*.json")))
    if not files:
        sys.stderr.write("spec-cli: no spec files under %s\n" % sys.argv[2])
        return 1
    passed = failed = skipped = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            tests = json.load(f)["tests"]
        for i, test in enumerate(tests):
            if has_code(test["data"]):
                skipped += 1
                continue
            ok, why = run(heraldo, test)
            if ok:
                passed += 1
            else:
                failed += 1
                print("FAIL %s #%d %s\n  %s" % (os.path.basename(path), i,
                                               test["name"], why))
    if skipped:
        print("spec-cli: %d skipped (lambdas need a host language)" %
              skipped)
    print("spec-cli: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
