/**
 * The Python `module:callable` factories this implementation provides, as a config names them.
 * Supervisor imports these at parse time; here they are markers for built-in behaviour.
 */
export const MAIN_RPCINTERFACE_FACTORY = 'supervisor.rpcinterface:make_main_rpcinterface';
export const DEFAULT_RESULT_HANDLER = 'supervisor.dispatchers:default_handler';

export const KNOWN_FACTORIES: readonly string[] = [MAIN_RPCINTERFACE_FACTORY, DEFAULT_RESULT_HANDLER];
