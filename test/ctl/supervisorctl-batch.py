"""Runs many supervisorctl command lines in one Python process, for the golden tests.

Each case is the real supervisorctl's main() (the code /usr/bin/supervisorctl runs) with its own
argv, stdin, stdout and stderr; its exit status comes from SystemExit. Input: a JSON list of
{"args": [...], "input": "..."} on stdin. Output: a JSON list of {"code", "stdout", "stderr"}.
"""
import io
import json
import sys

sys.path.insert(0, '/usr/lib/python3/dist-packages')
from supervisor import supervisorctl  # noqa: E402
from supervisor.options import ClientOptions  # noqa: E402


def run(args, text):
    real = (sys.stdin, sys.stdout, sys.stderr, sys.argv)
    out, err = io.StringIO(), io.StringIO()
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(text), out, err
    sys.argv = ['/usr/bin/supervisorctl'] + args
    code = 0
    try:
        options = ClientOptions()
        options.stdout, options.stderr = out, err  # class attributes bound at import
        supervisorctl.main(args, options)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.stdin, sys.stdout, sys.stderr, sys.argv = real
    return {'code': code, 'stdout': out.getvalue(), 'stderr': err.getvalue()}


cases = json.load(sys.stdin)
json.dump([run(c['args'], c.get('input', '')) for c in cases], sys.stdout)
