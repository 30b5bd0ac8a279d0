/**
 * `-s URL` given several times: an ad-hoc fleet. Each server is named after its host
 * (`ssh://ops@web1/…` → web1, `http://10.0.0.5:9001` → 10.0.0.5, `unix://…` → this host's name),
 * or `-s name=URL`; a name taken twice gets `-2`, `-3`. Pure.
 */
import { parseServerUrl, ServerUrlError } from '../client/url.ts';
import { checkServerName } from './servers-file.ts';
import { FleetError, type FleetServer } from './types.ts';

/** `name=URL` → [name, URL]; a plain URL → [null, URL]. A URL's own `=` (in a query) stays in the URL. */
export function splitNamedUrl(spec: string): [string | null, string] {
  const m = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)=(.*)$/s.exec(spec);
  return m === null || m[2]!.startsWith('=') ? [null, spec] : [m[1]!, m[2]!];
}

export function hostOf(url: string, localHost: string): string {
  const e = parseServerUrl(url);
  const host = e.kind === 'unix' ? localHost : e.host;
  // IPv6 colons and anything else a name may not hold become '-'.
  return host.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9_]/, '_');
}

export function adhocServers(
  specs: readonly string[],
  creds: { username: string | null; password: string | null },
  localHost: string,
): FleetServer[] {
  const out: FleetServer[] = [];
  const taken = new Set<string>();
  for (const spec of specs) {
    const [given, url] = splitNamedUrl(spec);
    let base: string;
    try {
      base = given ?? hostOf(url, localHost);
    } catch (err) {
      if (err instanceof ServerUrlError) throw new FleetError(`-s ${spec}: ${err.message}`);
      throw err;
    }
    const bad = checkServerName(base);
    if (bad !== null) throw new FleetError(`-s ${spec}: ${bad}`);
    if (given !== null && taken.has(given)) throw new FleetError(`-s ${spec}: server name ${given} given twice`);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    out.push({
      name,
      serverurl: url,
      username: creds.username,
      password: creds.password === null ? { kind: 'none' } : { kind: 'value', value: creds.password },
    });
  }
  return out;
}
