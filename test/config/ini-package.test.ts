/**
 * Why the `ini` package (6.0.0, a devDependency only for this test) does not read Supervisor's
 * dialect, shown side by side with our reader on the same text. Evidence for the README's
 * design notes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ini from 'ini';
import { IniParser } from '../../src/config/ini.ts';

const TEXT = [
  '[program:web.app]',
  "command=bash -c 'echo $HOME; sleep 1'",
  'autostart=true',
  'environment=A="1",',
  '  B="2"',
  '[group:g]',
  'programs:web.app',
  '[include]',
  'files = a.conf',
  '  b.conf',
  '[program:x]',
  'Command=/bin/cat',
  '',
].join('\n');

const theirs = ini.parse(TEXT) as Record<string, unknown>;
const ours = new IniParser();
ours.read(TEXT, 't.conf');

describe('the ini package on Supervisor’s dialect', () => {
  it('splits a dotted section name into nested objects', () => {
    assert.equal(theirs['program:web.app'], undefined);
    assert.equal(typeof (theirs['program:web'] as Record<string, unknown>)['app'], 'object');
    assert.ok(ours.hasSection('program:web.app'));
  });

  it('cuts values at ; or # even without whitespace before it', () => {
    const app = (theirs['program:web'] as Record<string, Record<string, unknown>>)['app']!;
    assert.equal(app['command'], "bash -c 'echo $HOME");
    assert.equal(ours.get('program:web.app', 'command'), "bash -c 'echo $HOME; sleep 1'");
  });

  it('turns true/false into booleans', () => {
    const app = (theirs['program:web'] as Record<string, Record<string, unknown>>)['app']!;
    assert.equal(app['autostart'], true);
    assert.equal(ours.get('program:web.app', 'autostart'), 'true');
  });

  it('makes continuation lines separate keys', () => {
    assert.deepEqual({ ...(theirs['include'] as object) }, { files: 'a.conf', 'b.conf': true });
    assert.equal(ours.get('include', 'files'), 'a.conf\nb.conf');
    assert.equal(ours.get('program:web.app', 'environment'), 'A="1",\nB="2"');
  });

  it('does not take ":" as a delimiter', () => {
    assert.deepEqual({ ...(theirs['group:g'] as object) }, { 'programs:web.app': true });
    assert.equal(ours.get('group:g', 'programs'), 'web.app');
  });

  it('keeps key case (Supervisor lower-cases keys)', () => {
    assert.deepEqual({ ...(theirs['program:x'] as object) }, { Command: '/bin/cat' });
    assert.equal(ours.get('program:x', 'command'), '/bin/cat');
  });
});
