/** The client's public surface: what the subcommands and the dashboard import. */
export { createClient } from './client.ts';
export { ClientError } from './types.ts';
export type * from './types.ts';
export { parseServerUrl, validateServerUrl, isLocalEndpoint, ServerUrlError } from './url.ts';
