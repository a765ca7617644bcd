import { GetParameterCommand, ParameterNotFound, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { explainAwsError } from './aws-errors.ts';
import { ScriptError } from './errors.ts';

/** Reads a SecureString (decrypted), or `undefined` when it does not exist. */
export async function readSecureString(ssm: SSMClient, name: string): Promise<string | undefined> {
  try {
    const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    return out.Parameter?.Value;
  } catch (error) {
    if (error instanceof ParameterNotFound) return undefined;
    throw explainAwsError(error, `read SSM parameter ${name}`);
  }
}

/** Reads a SecureString that must exist. */
export async function requireSecureString(ssm: SSMClient, name: string, hint: string): Promise<string> {
  const value = await readSecureString(ssm, name);
  if (value === undefined) throw new ScriptError(`SSM parameter ${name} does not exist. ${hint}`);
  return value;
}

/** Writes a SecureString (encrypted with the account's default `aws/ssm` key). */
export async function writeSecureString(ssm: SSMClient, name: string, value: string, overwrite: boolean, description: string): Promise<void> {
  try {
    await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString', Overwrite: overwrite, Description: description }));
  } catch (error) {
    throw explainAwsError(error, `write SSM parameter ${name}`);
  }
}
