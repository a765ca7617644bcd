import type { IncomingMessage } from 'node:http';
import { BotApiFailure, StandInRequestError } from './types.ts';

export type Params = Record<string, unknown>;

/** A file sent as multipart form data. */
export interface UploadedFile {
  fileName: string;
  mimeType: string;
  content: Buffer;
}

const MAX_BODY = 1_000_000;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new StandInRequestError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Bot API parameters, accepted the four ways Telegram accepts them: query string, JSON,
 * urlencoded form, multipart form. Form values arrive as strings; readers below coerce them.
 */
export async function botParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = Object.fromEntries(url.searchParams);
  const body = await readBody(req);
  if (body.length === 0) return params;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new BotApiFailure(400, "Bad Request: can't parse JSON encoded request body");
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
    return params;
  }
  if (type.includes('multipart/form-data')) {
    Object.assign(params, readMultipart(body, req.headers['content-type'] ?? ''));
    return params;
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = value;
  }
  return params;
}

export function requiredInt(params: Params, name: string): number {
  const value = optionalInt(params, name);
  if (value === undefined) throw new BotApiFailure(400, `Bad Request: ${name} is empty`);
  return value;
}

export function optionalInt(params: Params, name: string): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isSafeInteger(value)) throw new BotApiFailure(400, `Bad Request: invalid ${name} specified`);
  return value;
}

export function optionalString(params: Params, name: string): string | undefined {
  const raw = params[name];
  if (raw === undefined || raw === null) return undefined;
  return typeof raw === 'string' ? raw : String(raw);
}

export function optionalBool(params: Params, name: string): boolean {
  const raw = params[name];
  return raw === true || raw === 'true' || raw === '1' || raw === 1;
}

/** A structured parameter: an object in JSON bodies, a JSON string in forms and query strings. */
export function optionalJson(params: Params, name: string, failure: string): unknown {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new BotApiFailure(400, `Bad Request: ${failure}`);
  }
}

/** Chat ids are integers; `@username` targets only channels and public groups, which the stand-in does not have. */
export function chatIdParam(params: Params): number {
  const raw = params.chat_id;
  if (raw === undefined || raw === null || raw === '') throw new BotApiFailure(400, 'Bad Request: chat_id is empty');
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isSafeInteger(value) || value === 0) throw new BotApiFailure(400, 'Bad Request: chat not found');
  return value;
}

/**
 * Multipart form data as Bot API clients send it. grammY writes headers without a space after the colon
 * and unquoted file names, which undici's strict parser refuses, so parts are split here. A file part is
 * kept as an {@link UploadedFile}; a field "attach://<name>" (how grammY sends uploads) is resolved to it.
 */
function readMultipart(body: Buffer, contentType: string): Params {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new BotApiFailure(400, 'Bad Request: multipart boundary is missing');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2] ?? ''}`);
  const fields: Params = {};
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2); // drop the CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /name="?([^";\r\n]+)"?/i.exec(head)?.[1];
    const fileName = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
    const mimeType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? '';
    if (name !== undefined) fields[name] = fileName === undefined ? content.toString('utf8') : ({ fileName, mimeType, content: Buffer.from(content) } satisfies UploadedFile);
    at = next;
  }
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.startsWith('attach://')) fields[key] = fields[value.slice('attach://'.length)];
  }
  return fields;
}
