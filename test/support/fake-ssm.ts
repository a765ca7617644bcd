import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A parameter as the fake stores it. */
export interface FakeParameter {
  value: string;
  type: 'String' | 'SecureString' | 'StringList';
}

/**
 * A local SSM over HTTP speaking the service's JSON 1.1 protocol (`X-Amz-Target: AmazonSSM.<Op>`):
 * GetParameter and DescribeParameters, so the real SSMClient (and Powertools on top) runs its
 * serializer, signer and error parsing. While `down` names an error type, every call fails with it.
 */
export interface FakeSsm {
  endpoint: string;
  parameters: Map<string, FakeParameter>;
  /** Fail every call with this error type (e.g. 'ThrottlingException', 'AccessDeniedException'). */
  down: string | undefined;
  calls: Array<{ operation: string; name?: string }>;
  stop(): Promise<void>;
}

export async function startFakeSsm(initial: Record<string, FakeParameter> = {}): Promise<FakeSsm> {
  const ssm: FakeSsm = { endpoint: '', parameters: new Map(Object.entries(initial)), down: undefined, calls: [], stop: async () => {} };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace('AmazonSSM.', '');
      const input = (body ? JSON.parse(body) : {}) as { Name?: string; ParameterFilters?: Array<{ Key: string; Values: string[] }> };
      ssm.calls.push({ operation, ...(input.Name ? { name: input.Name } : {}) });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      if (ssm.down) return send(400, { __type: ssm.down, message: `fake SSM: ${ssm.down}` });
      if (operation === 'GetParameter') {
        const found = input.Name ? ssm.parameters.get(input.Name) : undefined;
        if (!found) return send(400, { __type: 'ParameterNotFound', message: 'parameter not found' });
        return send(200, { Parameter: { Name: input.Name, Type: found.type, Value: found.value, Version: 1 } });
      }
      if (operation === 'DescribeParameters') {
        const names = input.ParameterFilters?.find((f) => f.Key === 'Name')?.Values ?? [...ssm.parameters.keys()];
        const found = names.flatMap((name) => {
          const parameter = ssm.parameters.get(name);
          return parameter ? [{ Name: name, Type: parameter.type, Version: 1 }] : [];
        });
        return send(200, { Parameters: found });
      }
      return send(400, { __type: 'InvalidAction', message: `fake SSM does not speak ${operation}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ssm.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ssm.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return ssm;
}
