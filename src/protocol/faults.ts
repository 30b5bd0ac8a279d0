/** XML-RPC fault codes of Supervisor 4.2.5 (compat §5.2) and the error type that carries one. */

export const Faults = {
  UNKNOWN_METHOD: 1,
  INCORRECT_PARAMETERS: 2,
  BAD_ARGUMENTS: 3,
  SIGNATURE_UNSUPPORTED: 4,
  SHUTDOWN_STATE: 6,
  BAD_NAME: 10,
  BAD_SIGNAL: 11,
  NO_FILE: 20,
  NOT_EXECUTABLE: 21,
  FAILED: 30,
  ABNORMAL_TERMINATION: 40,
  SPAWN_ERROR: 50,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  SUCCESS: 80,
  ALREADY_ADDED: 90,
  STILL_RUNNING: 91,
  CANT_REREAD: 92,
} as const;

export type FaultName = keyof typeof Faults;
export type FaultCode = (typeof Faults)[FaultName];

const NAME_BY_CODE = new Map<number, FaultName>(
  (Object.keys(Faults) as FaultName[]).map((n) => [Faults[n], n]),
);

export function faultName(code: number): string {
  return NAME_BY_CODE.get(code) ?? 'UNKNOWN';
}

/** faultString as Supervisor builds it: `NAME` or `NAME: extra`. */
export function faultString(code: number, extra?: string): string {
  const name = faultName(code);
  return extra === undefined || extra === '' ? name : `${name}: ${extra}`;
}

/** A fault, thrown by the daemon's RPC interface and by the client when the server answers one. */
export class RpcFault extends Error {
  readonly faultCode: number;
  readonly faultString: string;
  constructor(faultCode: number, faultStr: string) {
    super(faultStr);
    this.name = 'RpcFault';
    this.faultCode = faultCode;
    this.faultString = faultStr;
  }
  static of(name: FaultName, extra?: string): RpcFault {
    return new RpcFault(Faults[name], faultString(Faults[name], extra));
  }
}
