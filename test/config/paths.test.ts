/** Python's posixpath and glob rules the reader relies on. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fnmatchToRegExp, pyGlob } from '../../src/py/glob.ts';
import { abspath, dirname, expanduser, join, normpath } from '../../src/py/path.ts';
import { memWorld } from './memory-world.ts';

describe('posixpath', () => {
  it('normpath', () => {
    assert.equal(normpath('/a//b/./c/../d/'), '/a/b/d');
    assert.equal(normpath('//a'), '//a');
    assert.equal(normpath('///a'), '/a');
    assert.equal(normpath('a/../../b'), '../b');
    assert.equal(normpath('/..'), '/');
    assert.equal(normpath(''), '.');
  });
  it('dirname, join, abspath', () => {
    assert.equal(dirname('/var/log/x.log'), '/var/log');
    assert.equal(dirname('x.log'), '');
    assert.equal(dirname('/x'), '/');
    assert.equal(dirname('//x'), '//');
    assert.equal(join('/etc', 'conf.d/*.conf'), '/etc/conf.d/*.conf');
    assert.equal(join('/etc', '/abs/*.conf'), '/abs/*.conf');
    assert.equal(abspath('var/log/../x', '/srv'), '/srv/var/x');
  });
  it('expanduser: ~ is $HOME, ~name that user’s home, unknown users unchanged', () => {
    const world = memWorld({});
    assert.equal(expanduser('~/x', world), '/root/x');
    assert.equal(expanduser('~www-data/x', world), '/var/www/x');
    assert.equal(expanduser('~ghost/x', world), '~ghost/x');
    assert.equal(expanduser('a~b', world), 'a~b');
  });
});

describe('glob', () => {
  const files: Record<string, string> = { '/e/a.conf': '', '/e/b.conf': '', '/e/.hidden.conf': '', '/e/sub/c.conf': '', '/e/x.ini': '' };
  const world = memWorld(files, { directories: ['/', '/e', '/e/sub'] });
  it('*, ?, [..] and hidden files', () => {
    assert.deepEqual(world.glob('/e/*.conf').sort(), ['/e/a.conf', '/e/b.conf']);
    assert.deepEqual(world.glob('/e/.*.conf'), ['/e/.hidden.conf']);
    assert.deepEqual(world.glob('/e/[!a].conf'), ['/e/b.conf']);
    assert.deepEqual(world.glob('/e/?.ini'), ['/e/x.ini']);
    assert.deepEqual(world.glob('/e/*/c.conf'), ['/e/sub/c.conf']);
    assert.deepEqual(world.glob('/e/a.conf'), ['/e/a.conf']);
    assert.deepEqual(world.glob('/e/none.conf'), []);
    assert.deepEqual(world.glob('/nowhere/*.conf'), []);
    assert.deepEqual(pyGlob('/e/*.conf', { exists: () => false, isDirectory: () => true, listDir: () => ['z.conf'] }), ['/e/z.conf']);
  });
  it('fnmatch classes', () => {
    assert.ok(fnmatchToRegExp('[]a]').test(']'));
    assert.ok(fnmatchToRegExp('[a-c]x').test('bx'));
    assert.ok(fnmatchToRegExp('a[').test('a['));
    assert.ok(!fnmatchToRegExp('[z-a]').test('m'));
  });
});
