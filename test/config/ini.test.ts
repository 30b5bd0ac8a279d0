/** The INI dialect rules of compat §1.2, one test per rule, plus the parse error texts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config/errors.ts';
import { IniParser, splitLines } from '../../src/config/ini.ts';

function parse(text: string, name = 't.conf'): IniParser {
  const p = new IniParser();
  p.read(text, name);
  return p;
}

function parseError(text: string, name = 't.conf'): string {
  try {
    parse(text, name);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  assert.fail('expected a parse error');
}

describe('ini dialect', () => {
  it('full-line comments start with ; or #, also indented', () => {
    const p = parse('[s]\n; c1\n# c2\n   ; c3\na=1\n');
    assert.deepEqual(p.options('s'), ['a']);
  });

  it('inline comments only after whitespace', () => {
    const p = parse("[s]\na=b ;c\nb=b #c\nc=b;c\nd=/x#y\ne=bash -c 'x ; y'\nf=x\t;tab\n");
    assert.equal(p.get('s', 'a'), 'b');
    assert.equal(p.get('s', 'b'), 'b');
    assert.equal(p.get('s', 'c'), 'b;c');
    assert.equal(p.get('s', 'd'), '/x#y');
    assert.equal(p.get('s', 'e'), "bash -c 'x");
    assert.equal(p.get('s', 'f'), 'x');
  });

  it('finds inline comments in rounds, as Python 3.11 does', () => {
    // Round 1 sees '#' at 3 (glued) and ';' at 10 (after a space): the cut is at 10,
    // although the second '#' (at 6, after a space) comes earlier.
    const p = parse('[s]\nk=a#b #c ;d\n');
    assert.equal(p.get('s', 'k'), 'a#b #c');
  });

  it('= and : are delimiters, the first one on the line wins', () => {
    const p = parse('[s]\nprograms:gunicorn\nurl=http://x:1\nk : v = w\n');
    assert.equal(p.get('s', 'programs'), 'gunicorn');
    assert.equal(p.get('s', 'url'), 'http://x:1');
    assert.equal(p.get('s', 'k'), 'v = w');
  });

  it('a header missing its ] becomes a key of the previous section', () => {
    const p = parse('[program:a]\ncommand=/bin/a\n[program:chrony\ncommand=/bin/chrony\n');
    assert.deepEqual(p.sections(), ['program:a']);
    assert.equal(p.get('program:a', '[program'), 'chrony');
    assert.equal(p.get('program:a', 'command'), '/bin/chrony');
  });

  it('section headers: text after ] is ignored, the last ] closes', () => {
    const p = parse('[a] trailing\nk=1\n[b]c]\nk=2\n');
    assert.deepEqual(p.sections(), ['a', 'b]c']);
  });

  it('keys are lower-cased, section names keep their case, whitespace is trimmed', () => {
    const p = parse('[Program:B]\n  Command  =  /bin/cat  \n');
    assert.deepEqual(p.sections(), ['Program:B']);
    assert.equal(p.get('Program:B', 'command'), '/bin/cat');
  });

  it('indented lines continue a value, joined with \\n; blank lines inside are kept, trailing ones dropped', () => {
    const p = parse('[s]\ncommand=/bin/echo a\n  b\n\n\tc\n\nnext=1\n');
    assert.equal(p.get('s', 'command'), '/bin/echo a\nb\n\nc');
    assert.equal(p.get('s', 'next'), '1');
  });

  it('a comment line inside a continued value is skipped', () => {
    const p = parse('[s]\nfiles=a\n; note\n  b\n');
    assert.equal(p.get('s', 'files'), 'a\nb');
  });

  it('an indented line right after a header is not a continuation', () => {
    const p = parse('[s]\n  k=v\n');
    assert.equal(p.get('s', 'k'), 'v');
  });

  it('an indented [header] after a key is part of the value', () => {
    const p = parse('[s]\nk=v\n  [t]\n');
    assert.equal(p.get('s', 'k'), 'v\n[t]');
    assert.deepEqual(p.sections(), ['s']);
  });

  it('empty values', () => {
    assert.equal(parse('[s]\nk=\n').get('s', 'k'), '');
  });

  it('duplicate keys and sections merge, the last value wins, first position kept', () => {
    const p = parse('[a]\nx=1\ny=1\n[b]\n[a]\nx=2\nz=3\n');
    assert.deepEqual(p.sections(), ['a', 'b']);
    assert.deepEqual(p.options('a'), ['x', 'y', 'z']);
    assert.equal(p.get('a', 'x'), '2');
  });

  it('later files merge into the same parser and record where new sections came from', () => {
    const p = parse('[a]\nx=1\n');
    p.read('[a]\nx=2\n[b]\ny=1\n', '/inc/b.conf', true);
    assert.equal(p.get('a', 'x'), '2');
    assert.equal(p.sectionToFile.get('b'), '/inc/b.conf');
    assert.equal(p.sectionToFile.has('a'), false);
  });

  it('[DEFAULT] keys show through in every section and are not a section', () => {
    const p = parse('[DEFAULT]\nstartsecs=7\n[program:a]\ncommand=x\n[program:b]\nstartsecs=1\n');
    assert.deepEqual(p.sections(), ['program:a', 'program:b']);
    assert.equal(p.get('program:a', 'startsecs'), '7');
    assert.equal(p.get('program:b', 'startsecs'), '1');
    assert.deepEqual(p.options('program:a'), ['command', 'startsecs']);
  });

  it('CRLF and CR line endings, and no final newline', () => {
    assert.deepEqual(splitLines('a\r\nb\rc'), ['a\n', 'b\n', 'c']);
    const p = parse('[s]\r\nk=v\r\n  w\rz=1');
    assert.equal(p.get('s', 'k'), 'v\nw');
    assert.equal(p.get('s', 'z'), '1');
  });

  it('text before the first section header', () => {
    assert.equal(
      parseError('laravel-worker.conf\n[program:x]\n', '/etc/supervisord.d/snippet.conf'),
      "File contains no section headers.\nfile: '/etc/supervisord.d/snippet.conf', line: 1\n'laravel-worker.conf\\n'",
    );
  });

  it('a UTF-8 BOM is not whitespace: the first header is not seen', () => {
    assert.match(parseError('\ufeff[supervisord]\n'), /^File contains no section headers\./);
  });

  it('lines that are neither header nor key are collected, with their numbers', () => {
    assert.equal(
      parseError('[s]\na=1\ngarbage line\nb=2\n=novalue\n[]\n'),
      "Source contains parsing errors: 't.conf'\n\t[line  3]: 'garbage line\\n'\n\t[line  5]: '=novalue\\n'\n\t[line  6]: '[]\\n'",
    );
  });

  it('expandHere replaces %(here)s textually, [DEFAULT] values included', () => {
    const p = parse('[DEFAULT]\nd=%(here)s/x\n[a]\nk=%(here)s and %(here)s\n');
    p.expandHere('/etc');
    assert.equal(p.get('a', 'k'), '/etc and /etc');
    assert.equal(p.get('a', 'd'), '/etc/x');
  });
});

it('inline comments can be turned off, for files whose values hold # or ; (the dashboard config.ini)', () => {
  const text = '[colors]\naccent = #ff8800\n# a whole-line comment\n; another\n[keys]\nsearch = ;\n';
  const off = new IniParser({ inlineComments: false });
  off.read(text, 'c.ini');
  assert.equal(off.get('colors', 'accent'), '#ff8800');
  assert.equal(off.get('keys', 'search'), ';');
  assert.deepEqual(off.ownOptions('colors'), ['accent']);
  const on = new IniParser();
  on.read(text, 'c.ini');
  assert.equal(on.get('colors', 'accent'), '');
});
