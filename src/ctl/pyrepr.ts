/**
 * Python's repr() of bytes and str() of a Fault, for the messages supervisorctl builds with them
 * (`<Fault 6: 'SHUTDOWN_STATE'>`, `Undecodable: b'\xff'`). str repr is config/python.ts's.
 */
import { pyRepr } from '../config/python.ts';

const NAMED: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function pyBytesRepr(b: Uint8Array): string {
  const q = b.includes(0x27) && !b.includes(0x22) ? '"' : "'";
  let out = '';
  for (const x of b) {
    const ch = String.fromCharCode(x);
    if (NAMED[ch] !== undefined) out += NAMED[ch];
    else if (ch === q) out += '\\' + ch;
    else if (x < 0x20 || x >= 0x7f) out += '\\x' + x.toString(16).padStart(2, '0');
    else out += ch;
  }
  return 'b' + q + out + q;
}

/** str(xmlrpc.client.Fault): `<Fault 6: 'SHUTDOWN_STATE'>`. */
export function pyFaultStr(code: number, faultString: string): string {
  return `<Fault ${code}: ${pyRepr(faultString)}>`;
}
