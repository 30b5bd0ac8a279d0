/** What the header calls the server. Pure. */

/** This host's name for a local socket; host[:port] for http; user@host (and the remote socket's host:port if TCP) for ssh. */
export function serverLabel(serverurl: string, localHost: string): string {
  if (serverurl.startsWith('unix://')) return localHost;
  if (serverurl.startsWith('ssh://')) {
    const rest = serverurl.slice('ssh://'.length);
    const slash = rest.indexOf('/');
    const who = slash < 0 ? rest : rest.slice(0, slash);
    const remote = slash < 0 ? '' : rest.slice(slash + 1);
    const tcp = /^http:\/\/([^/]+)/.exec(remote);
    return `${who}${tcp ? ` → ${tcp[1]}` : ''} (ssh)`;
  }
  return serverurl.replace(/^http:\/\//, '').replace(/^[^@/]*@/, '').replace(/\/.*$/, '');
}
