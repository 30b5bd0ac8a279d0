/** POST /RPC2: decode the call, dispatch it, encode the answer (compat §5.1). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorText } from '../../src/error-text.ts';
import { RpcFault } from '../../src/protocol/faults.ts';
import { decodeMethodCall } from '../../src/xmlrpc/decode.ts';
import { encodeFault, encodeResponse } from '../../src/xmlrpc/encode.ts';
import type { Dispatcher } from '../rpc/dispatch.ts';
import { BodyTooLarge, LengthRequired, readBody, sendBody, sendError } from './respond.ts';
import type { HttpLog } from './types.ts';

/** Supervisor's requests are small; a multicall of a few thousand calls still fits. */
export const RPC_BODY_LIMIT = 8 * 1024 * 1024;

function preview(body: string): string {
  return body.length > 200 ? `${body.slice(0, 200)}...` : body;
}

export async function handleRpc(req: IncomingMessage, res: ServerResponse, dispatcher: Dispatcher, log: HttpLog): Promise<void> {
  if (req.method !== 'POST') {
    sendError(res, 400);
    return;
  }
  let body: string;
  try {
    body = (await readBody(req, RPC_BODY_LIMIT)).toString('utf8');
  } catch (err) {
    if (err instanceof LengthRequired) sendError(res, 411);
    else if (err instanceof BodyTooLarge) sendError(res, 413, { close: true });
    else sendError(res, 400, { close: true });
    return;
  }
  let name: string;
  let params: ReturnType<typeof decodeMethodCall>['params'];
  try {
    ({ methodName: name, params } = decodeMethodCall(body));
    if (name === '') throw new Error('no method name');
  } catch (err) {
    if (err instanceof RpcFault) {
      sendBody(res, 200, 'text/xml', encodeFault(err.faultCode, err.faultString));
      return;
    }
    const why = errorText(err);
    log.error(`XML-RPC request data ${JSON.stringify(preview(body))} is invalid: ${why}`);
    sendError(res, 400);
    return;
  }
  let xml: string;
  try {
    xml = encodeResponse(await dispatcher.call(name, params));
  } catch (err) {
    if (!(err instanceof RpcFault)) {
      log.error(`XML-RPC method ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendError(res, 500);
      return;
    }
    xml = encodeFault(err.faultCode, err.faultString);
  }
  sendBody(res, 200, 'text/xml', xml);
}
