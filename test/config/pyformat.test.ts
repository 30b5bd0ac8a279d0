/** %(name)s expansion: Python's % formatting and Supervisor's two error texts (compat §1.4). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { expand } from '../../src/config/expand.ts';
import { FormatKeyError, pyFormat } from '../../src/py/format.ts';
import { which } from '../helpers/tools.ts';

const names = { here: '/etc', program_name: 'web', process_num: 3, 'a(b)': 'P' };

describe('python % formatting', () => {
  it('names, %%, widths and conversions', () => {
    assert.equal(pyFormat('%(here)s/x', names), '/etc/x');
    assert.equal(pyFormat('%(program_name)s_%(process_num)02d', names), 'web_03');
    assert.equal(pyFormat('100%%', names), '100%');
    assert.equal(pyFormat('%(process_num)x %(process_num)#o %(process_num)+d', names), '3 0o3 +3');
    assert.equal(pyFormat('[%(program_name)-5s][%(program_name)5.2s]', names), '[web  ][   we]');
    assert.equal(pyFormat('%(process_num).2f', names), '3.00');
    assert.equal(pyFormat('%(program_name)r', names), "'web'");
  });

  it('mapping keys follow Python: nested parentheses belong to the key', () => {
    assert.equal(pyFormat('%(a(b))s', names), 'P');
  });

  it('errors keep Python texts', () => {
    const msg = (fmt: string): string => {
      try {
        pyFormat(fmt, names);
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };
    assert.equal(msg('5%'), 'incomplete format');
    assert.equal(msg('%(here)'), 'incomplete format');
    assert.equal(msg('%(here'), 'incomplete format key');
    assert.equal(msg('%(here)b'), "unsupported format character 'b' (0x62) at index 7");
    assert.equal(msg('%(here)d'), '%d format: a real number is required, not str');
    assert.equal(msg('%(here)%'), "unsupported format character '%' (0x25) at index 7");
  });

  it('a conversion without a name is an error (4.2.5 formats the whole dict: not copied)', () => {
    assert.throws(() => pyFormat('/bin/date +%s', names), { message: "conversion '%s' at index 12 has no (name); write '%%' for a literal '%'" });
    assert.throws(() => pyFormat('%r then %(here)s', names), /has no \(name\)/);
  });
});

describe("Supervisor's expand()", () => {
  it('an unknown name lists the available names, sorted', () => {
    assert.throws(
      () => expand('%(here)s/x%(nope)s.log', { here: '/etc', ENV_HOME: '/root' }, 'supervisord.logfile'),
      (err: Error) =>
        err.message ===
        "Format string '%(here)s/x%(nope)s.log' for 'supervisord.logfile' contains names ('nope') which cannot be expanded. Available names: ENV_HOME, here",
    );
  });

  it('other errors are "badly formatted"', () => {
    assert.throws(
      () => expand('/bin/echo 5%', {}, 'program:a.command'),
      (err: Error) => err.message === "Format string '/bin/echo 5%' for 'program:a.command' is badly formatted: incomplete format",
    );
  });

  it('the value is shown with repr(): quotes and newlines escaped', () => {
    assert.throws(
      () => expand("a 'b'\n%(x)s", {}, 'k'),
      (err: Error) => err.message.startsWith(`Format string "a 'b'\\n%(x)s" for 'k' contains names ('x')`),
    );
  });
});

describe('python % formatting, compared with python3 itself', () => {
  const python = which('python3');
  const formats = [
    '%(a)%', '%(a)s%', '%', 'x%', '%(a', '%(a)', '%(a)5', '%(a)-05s', '%(n)02d', '%(n)x', '%(a)d', '%(a)b', '%(a)ls',
    '%(a)hd', '%(a)*d', '%(a).2s', '%(a)r', '%(a)c', '%(n)c', '%%', '%(a)%s', '%5%', '%(n)e', '%(n)g', '%(n)o', '%(a)  s',
    '%(n)i', '%(n)u', '%(a)a', '%(b)s', '%é', '%(a)05.3s', '%(n)+d', '%(n) d', '%(n)#x', '%(n)#o', '%(a)é', '%(b)',
    '%(n)5.2f', '%(n).3e', '%(a)u', '%(a)x', '%(a)f', '%(n)-5d|', '%(n)05d', '%(n)-05d|', '%(n)X', '%(n)*s', '%(a)5c',
    '%(a)5r', '%(n)10.4d', '%(n)+05d', '%(z)g', '%(n)#g', '%(n).0f', '%(z).2e', 'a%(a(b))sb', '%(n)G', '%(a)05s',
    '%(n)#5x', '%(n)-#8o|', '%(n)08.3f', '%(n).10g', '%(a)5.1r', '%(n).*s', '%(n).s', '%(n).',
    // without a (name): every case where Python itself fails
    '%s %s', '%s.%N', '%(a)s %s', '%d', '%.*s', '%*s', '%c', '%x', '%f', '%N',
  ];
  const mapping = { a: 'hé"', n: 7, 'a(b)': 'P', z: 0 };
  it('same output or error text', { skip: python === null ? 'python3 not installed' : false }, () => {
    const script = [
      'import json, sys',
      'out = []',
      'for t in json.loads(sys.argv[1]):',
      '    try: out.append(["ok", t % json.loads(sys.argv[2])])',
      '    except KeyError as e: out.append(["key", repr(e.args[0])])',
      '    except Exception as e: out.append(["err", str(e)])',
      'print(json.dumps(out))',
    ].join('\n');
    const theirs = JSON.parse(execFileSync(python!, ['-c', script, JSON.stringify(formats), JSON.stringify(mapping)], { encoding: 'utf8' })) as string[][];
    const ours = formats.map((f) => {
      try {
        return ['ok', pyFormat(f, mapping)];
      } catch (err) {
        return [err instanceof FormatKeyError ? 'key' : 'err', (err as Error).message];
      }
    });
    assert.deepEqual(ours, theirs);
  });
});
