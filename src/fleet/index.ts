/** Many servers: the servers file, contexts, ad-hoc `-s` fleets and `NAME@SERVER` routing. */
export * from './types.ts';
export { parseServersFile, checkServerName } from './servers-file.ts';
export { adhocServers, hostOf, splitNamedUrl } from './adhoc.ts';
export { routeWords, serverMatches, serversMatching, splitAtServer, type Routed } from './select.ts';
export { defaultServersFile, loadFleet, readServersFile, runPasswordCommand, Secrets, singleUrl, wantsFleet, type FleetArgs } from './load.ts';
