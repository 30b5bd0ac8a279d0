#!/usr/bin/env node
// Demo event listener (Supervisor's listener protocol): READY, read one event, log it to stderr,
// answer RESULT 2\nOK, repeat. stdout carries only the protocol. The header's len counts code
// points, so the payload is taken from the decoded text, not from raw bytes.
process.stdin.setEncoding('utf8');
let buffer = '';
let header = null;

const ready = () => process.stdout.write('READY\n');

function parseHeader(line) {
  return Object.fromEntries(line.split(' ').map((token) => token.split(/:(.*)/s).slice(0, 2)));
}

function drain() {
  for (;;) {
    if (header === null) {
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      header = parseHeader(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
    const chars = [...buffer];
    const len = Number(header.len ?? 0);
    if (chars.length < len) return;
    const payload = chars.slice(0, len).join('');
    buffer = chars.slice(len).join('');
    process.stderr.write(`${new Date().toISOString()} ${header.eventname} serial=${header.serial} ${payload.replace(/\n/g, ' | ')}\n`);
    header = null;
    process.stdout.write('RESULT 2\nOK');
    ready();
  }
}

process.stdin.on('data', (chunk) => {
  buffer += chunk;
  drain();
});
process.stdin.on('end', () => process.exit(0));
ready();
