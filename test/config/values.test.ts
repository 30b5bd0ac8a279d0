/** The value types of compat §1.3 (text-only ones), each with its error texts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  autoRestart,
  boolean,
  byteSize,
  dictOfKeyValuePairs,
  inetAddress,
  integer,
  listOfExitcodes,
  listOfStrings,
  loggingLevel,
  octalType,
  processOrGroupName,
  shlexTokens,
  url,
} from '../../src/config/values.ts';
import { pyRepr } from '../../src/py/python.ts';

const throwsMsg = (fn: () => unknown, message: string): void => assert.throws(fn, (err: Error) => err.message === message);

describe('value types', () => {
  it('integer: Python int()', () => {
    assert.equal(integer(' 12 '), 12);
    assert.equal(integer('-3'), -3);
    assert.equal(integer('+4'), 4);
    assert.equal(integer('1_000'), 1000);
    assert.equal(integer('007'), 7);
    throwsMsg(() => integer('high'), "invalid literal for int() with base 10: 'high'");
    throwsMsg(() => integer('1.5'), "invalid literal for int() with base 10: '1.5'");
    throwsMsg(() => integer(''), "invalid literal for int() with base 10: ''");
  });

  it('boolean: true/yes/on/1 and false/no/off/0 in any case', () => {
    for (const t of ['true', 'YES', 'On', '1']) assert.equal(boolean(t), true);
    for (const f of ['false', 'No', 'OFF', '0']) assert.equal(boolean(f), false);
    for (const bad of ['maybe', 't', 'y', '']) throwsMsg(() => boolean(bad), `not a valid boolean value: ${pyRepr(bad)}`);
  });

  it('autorestart: unexpected | always | never; the error shows the lower-cased value', () => {
    assert.equal(autoRestart('Unexpected'), 'unexpected');
    assert.equal(autoRestart('true'), true);
    assert.equal(autoRestart('off'), false);
    throwsMsg(() => autoRestart('SomeTimes'), "invalid 'autorestart' value 'sometimes'");
  });

  it('byte size: KB/MB/GB in any case, 1024-based, blanks allowed', () => {
    assert.equal(byteSize('50MB'), 50 * 1024 * 1024);
    assert.equal(byteSize('1500 KB'), 1500 * 1024);
    assert.equal(byteSize('2gb'), 2 * 1024 ** 3);
    assert.equal(byteSize('123'), 123);
    assert.equal(byteSize('-1'), -1);
    throwsMsg(() => byteSize('10XB'), "invalid literal for int() with base 10: '10xb'");
    throwsMsg(() => byteSize('50M'), "invalid literal for int() with base 10: '50m'");
    throwsMsg(() => byteSize('1.5MB'), "invalid literal for int() with base 10: '1.5'");
  });

  it('octal: 022, 22, 0o22', () => {
    assert.equal(octalType('022'), 0o22);
    assert.equal(octalType('22'), 0o22);
    assert.equal(octalType('0o22'), 0o22);
    throwsMsg(() => octalType('8'), '8 can not be converted to an octal type');
    throwsMsg(() => octalType('9x'), '9x can not be converted to an octal type');
  });

  it('exit codes: comma list of 0..255, empty is an empty list', () => {
    assert.deepEqual(listOfExitcodes('0, 2 ,3'), [0, 2, 3]);
    assert.deepEqual(listOfExitcodes(''), []);
    for (const bad of ['0,256', '-1', 'a', '1,,2']) throwsMsg(() => listOfExitcodes(bad), `not a valid list of exit codes: ${pyRepr(bad)}`);
  });

  it('list of strings: comma list, items trimmed', () => {
    assert.deepEqual(listOfStrings(' a , b,'), ['a', 'b', '']);
    assert.deepEqual(listOfStrings(''), []);
    assert.deepEqual(listOfStrings(null), []);
  });

  it('log levels: the seven names in any case; warning is not one', () => {
    assert.equal(loggingLevel('DEBUG'), 'debug');
    assert.equal(loggingLevel('blather'), 'blather');
    throwsMsg(() => loggingLevel('warning'), "bad logging level name 'warning'");
  });

  it('names: no space, colon or slash (after trimming)', () => {
    assert.equal(processOrGroupName(' web '), 'web');
    assert.equal(processOrGroupName('a.b-c\tx'), 'a.b-c\tx');
    throwsMsg(() => processOrGroupName('a b'), "Invalid name: 'a b' because of character: ' '");
    throwsMsg(() => processOrGroupName('a:b'), "Invalid name: 'a:b' because of character: ':'");
    throwsMsg(() => processOrGroupName('a/b'), "Invalid name: 'a/b' because of character: '/'");
  });

  it('inet port spec', () => {
    assert.deepEqual(inetAddress('9001'), { host: '', port: 9001 });
    assert.deepEqual(inetAddress('LocalHost:9001'), { host: 'localhost', port: 9001 });
    assert.deepEqual(inetAddress('*:9001'), { host: '', port: 9001 });
    assert.deepEqual(inetAddress(':9001'), { host: '', port: 9001 });
    assert.deepEqual(inetAddress('[::1]:9001'), { host: '[::1]', port: 9001 });
    throwsMsg(() => inetAddress('abc'), "not a valid port number: 'abc' ");
    throwsMsg(() => inetAddress('host:'), "no port number specified in ''");
    throwsMsg(() => inetAddress('host:0'), '0 is below lower bound (1)');
    throwsMsg(() => inetAddress('host:70000'), '70000 is above upper bound (65535)');
    throwsMsg(() => inetAddress('host:x'), "invalid literal for int() with base 10: 'x'");
  });

  it('url: a scheme and a netloc or path', () => {
    assert.equal(url('unix:///tmp/s.sock'), 'unix:///tmp/s.sock');
    assert.equal(url('http://localhost:9001'), 'http://localhost:9001');
    throwsMsg(() => url('foo'), "value 'foo' is not a URL");
  });
});

describe('environment= tokenizer (compat §1.3 table)', () => {
  const ok: Array<[string, Record<string, string>]> = [
    ['A=1,B=2', { A: '1', B: '2' }],
    ['A="x,y",B=z', { A: 'x,y', B: 'z' }],
    ["A='a b'", { A: 'a b' }],
    ['A=""', { A: '' }],
    ['A=1;B=2', { A: '1', B: '2' }],
    ['A=1,', { A: '1' }],
    ['A=/usr/bin:/bin', { A: '/usr/bin:/bin' }],
    ['A.B=1', { 'A.B': '1' }],
    ['a=1', { a: '1' }],
    ['A=a b', { A: 'a' }],
    ['A=$HOME', { A: '$' }],
    ['A=x"y"', { A: 'x"y' }],
    ['A="a"b', { A: 'a' }],
    ['', {}],
    ['__proto__=1', { ['__proto__']: '1' }],
  ];
  for (const [input, want] of ok) {
    it(`${JSON.stringify(input)}`, () => {
      const got = dictOfKeyValuePairs(input);
      assert.deepEqual(Object.entries(got), Object.entries(want));
    });
  }
  for (const bad of ['A=,B=2', 'A=1 B=2', 'A=1,,B=2', 'A=x@y', 'A=a=b', 'A=1,B']) {
    it(`${JSON.stringify(bad)} is an error`, () => {
      throwsMsg(() => dictOfKeyValuePairs(bad), `Unexpected end of key/value pairs in value '${bad}'`);
    });
  }
  it('# comments to the end of the line, even inside a word', () => {
    assert.deepEqual(shlexTokens('A=b#c\nD=e'), ['A', '=', 'bD', '=', 'e']);
  });
  it('an unclosed quote', () => {
    throwsMsg(() => dictOfKeyValuePairs('A="'), 'No closing quotation');
  });
});
