/** Values that travel in XML-RPC (compat §5.1). Integers encode as <int>, other numbers as <double>. */
export type XmlRpcValue =
  | string
  | number
  | boolean
  | null
  | Date
  | Buffer
  | XmlRpcValue[]
  | { [key: string]: XmlRpcValue };

export interface MethodCall {
  methodName: string;
  params: XmlRpcValue[];
}
