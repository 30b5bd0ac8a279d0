/** Pure parts of the HTTP/RPC layer: auth verdicts, paths, signatures from docstrings, error pages, argument checks. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { checkBasicAuth } from '../../daemon/http/auth.ts';
import { errorPageBody } from '../../daemon/http/error-page.ts';
import { parseLogtailPath } from '../../daemon/http/logtail.ts';
import { requestPath } from '../../daemon/http/server.ts';
import { checkArgs } from '../../daemon/rpc/dispatch.ts';
import { METHOD_DOCS } from '../../daemon/rpc/method-docs.ts';
import { signatureFromDoc } from '../../daemon/rpc/system-methods.ts';
import { RpcFault } from '../../src/protocol/faults.ts';

const basic = (s: string): string => `Basic ${Buffer.from(s).toString('base64')}`;

describe('checkBasicAuth', () => {
  const plain = { username: 'u', password: 'p:w' };
  const sha = { username: 'u', password: `{SHA}${createHash('sha1').update('pw').digest('hex')}` };
  it('accepts the right credentials, splitting on the first colon', () => {
    assert.equal(checkBasicAuth(plain, basic('u:p:w')), 'ok');
    assert.equal(checkBasicAuth(plain, `bAsIc ${Buffer.from('u:p:w').toString('base64')}`), 'ok');
    assert.equal(checkBasicAuth(sha, basic('u:pw')), 'ok');
  });
  it('denies everything else; undecodable base64 is malformed', () => {
    assert.equal(checkBasicAuth(plain, undefined), 'denied');
    assert.equal(checkBasicAuth(plain, basic('u:p')), 'denied');
    assert.equal(checkBasicAuth(plain, basic('x:p:w')), 'denied');
    assert.equal(checkBasicAuth(plain, basic('u')), 'denied');
    assert.equal(checkBasicAuth(plain, 'Bearer abc'), 'denied');
    assert.equal(checkBasicAuth(sha, basic(`u:${sha.password.slice(5)}`)), 'denied');
    assert.equal(checkBasicAuth(sha, basic(`u:${sha.password}`)), 'denied');
    assert.equal(checkBasicAuth(plain, 'Basic %%%'), 'malformed');
  });
});

describe('paths', () => {
  it('decodes percent-escapes and drops query, fragment and absolute-form prefixes', () => {
    assert.equal(requestPath('/logtail/grp%3Ag1/stderr?x=1'), '/logtail/grp:g1/stderr');
    assert.equal(requestPath('http://localhost:9001/RPC2'), '/RPC2');
    assert.equal(requestPath('/bad%E0%A4%A'), '/bad%E0%A4%A');
    assert.equal(requestPath('/index.html#top'), '/index.html');
  });
  it('splits a logtail path into namespec and channel', () => {
    assert.deepEqual(parseLogtailPath('quick'), { namespec: 'quick', channel: 'stdout' });
    assert.deepEqual(parseLogtailPath('g:p/stderr'), { namespec: 'g:p', channel: 'stderr' });
    assert.deepEqual(parseLogtailPath('a/b/c'), { namespec: 'a', channel: 'b/c' });
  });
  it('writes the exact Medusa error page', () => {
    assert.equal(errorPageBody(404), '<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n<p>Error code 404.\r\n<p>Message: Not Found.\r\n</body>\r\n');
    assert.equal(Buffer.byteLength(errorPageBody(401)), 137);
  });
});

describe('signatures', () => {
  // Observed on 4.2.5 (compat §5.6).
  const observed: Record<string, string[]> = {
    'supervisor.addProcessGroup': ['boolean', 'string'],
    'supervisor.clearAllProcessLogs': ['array'],
    'supervisor.clearLog': ['boolean'],
    'supervisor.clearProcessLog': ['boolean', 'string'],
    'supervisor.getAllConfigInfo': ['array'],
    'supervisor.getPID': ['int'],
    'supervisor.getProcessInfo': ['struct', 'string'],
    'supervisor.getState': ['struct'],
    'supervisor.readMainLog': ['string', 'int', 'int'],
    'supervisor.readProcessStderrLog': ['string', 'string', 'int', 'int'],
    'supervisor.sendRemoteCommEvent': ['boolean', 'string', 'string'],
    'supervisor.signalProcess': ['boolean', 'string', 'string'],
    'supervisor.signalProcessGroup': ['array', 'string', 'string'],
    'supervisor.stopAllProcesses': ['array', 'boolean'],
    'supervisor.stopProcessGroup': ['array', 'string', 'boolean'],
    'supervisor.tailProcessLog': ['array', 'string', 'int', 'int'],
    'system.methodHelp': ['string', 'string'],
    'system.methodSignature': ['array', 'string'],
  };
  it('derives every observed signature from the docstrings', () => {
    assert.equal(METHOD_DOCS.size, 41);
    for (const [name, sig] of Object.entries(observed)) assert.deepEqual(signatureFromDoc(METHOD_DOCS.get(name)!), sig, name);
    for (const [name, doc] of METHOD_DOCS) assert.ok(signatureFromDoc(doc) !== null, name);
  });
});

describe('checkArgs', () => {
  const bad = (fn: () => unknown): void => assert.throws(fn, (e: unknown) => e instanceof RpcFault && e.faultString === 'INCORRECT_PARAMETERS');
  it('fills a missing wait with true and coerces ints to booleans', () => {
    assert.deepEqual(checkArgs(['string', 'wait'], ['a']), ['a', true]);
    assert.deepEqual(checkArgs(['string', 'wait'], ['a', 0]), ['a', false]);
    assert.deepEqual(checkArgs(['signal'], [9]), [9]);
  });
  it('rejects wrong counts and kinds', () => {
    bad(() => checkArgs(['string'], []));
    bad(() => checkArgs(['string'], ['a', 'b']));
    bad(() => checkArgs(['int'], [1.5]));
    bad(() => checkArgs(['int'], ['1']));
    bad(() => checkArgs(['array'], [{}]));
    bad(() => checkArgs(['signal'], [true]));
  });
});
