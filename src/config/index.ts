/** The config reader's public surface: read a supervisord.conf exactly as Supervisor 4.2.5 does. */
export { loadConfig, type LoadOptions } from './reader.ts';
export { ConfigError } from './errors.ts';
export { realWorld } from './real-world.ts';
export type { World, UserEntry } from './world.ts';
export { findDefaultConfig, defaultConfigPaths, noConfigFoundMessage } from './find.ts';
export { parseSupervisordArgs, validateOverrides, type SupervisordOverrides, type SupervisordArgs } from './overrides.ts';
export { normalizeConfig, type NormalizedJson } from './normalize.ts';
export { DEFAULT_CTL_SERVERURL } from './read-ctl.ts';
export { MAIN_RPCINTERFACE_FACTORY, DEFAULT_RESULT_HANDLER } from './factories.ts';
export {
  autoRestart,
  boolean,
  byteSize,
  dictOfKeyValuePairs,
  inetAddress,
  integer,
  listOfExitcodes,
  listOfStrings,
  loggingLevel,
  octalType,
  processOrGroupName,
  shlexTokens,
  url,
} from './values.ts';
export { expand } from './expand.ts';
export type * from './types.ts';
