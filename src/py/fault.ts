/**
 * Python's str() of a Fault, for the messages supervisorctl builds with it
 * (`<Fault 6: 'SHUTDOWN_STATE'>`). The str and bytes reprs are python.ts's.
 */
import { pyRepr } from './python.ts';

/** str(xmlrpc.client.Fault): `<Fault 6: 'SHUTDOWN_STATE'>`. */
export function pyFaultStr(code: number, faultString: string): string {
  return `<Fault ${code}: ${pyRepr(faultString)}>`;
}
