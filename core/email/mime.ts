/**
 * RFC 5322 text of a plain-text message (UTF-8, quoted-printable body, RFC 2047 subject), as the
 * local outbox writes it: any mail client opens the .eml file.
 */
export function plainTextMessage(mail: { from: string; to: string; subject: string; text: string; date: Date; messageId: string; headers?: Record<string, string> }): string {
  const lines = [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${encodeHeader(mail.subject)}`,
    `Date: ${mail.date.toUTCString()}`,
    `Message-ID: <${mail.messageId}>`,
    ...Object.entries(mail.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${quotedPrintable(mail.text)}\r\n`;
}

function encodeHeader(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(oneLine) ? oneLine : `=?UTF-8?B?${Buffer.from(oneLine, 'utf8').toString('base64')}?=`;
}

function quotedPrintable(text: string): string {
  return text
    .replace(/\r?\n/g, '\n')
    .split('\n')
    .map((line) => softWrap(encodeLine(line)))
    .join('\r\n');
}

function encodeLine(line: string): string {
  let out = '';
  for (const byte of Buffer.from(line, 'utf8')) {
    const printable = (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32;
    out += printable ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  // Trailing space must be encoded, or transports may strip it.
  return out.endsWith(' ') ? `${out.slice(0, -1)}=20` : out;
}

function softWrap(encoded: string): string {
  const parts: string[] = [];
  let rest = encoded;
  while (rest.length > 76) {
    let cut = 75;
    // Never split an =XX escape.
    const escape = rest.lastIndexOf('=', cut);
    if (escape > cut - 3) cut = escape;
    parts.push(`${rest.slice(0, cut)}=`);
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts.join('\r\n');
}

/** Decodes what plainTextMessage wrote (the chat page's Outbox panel reads it back). */
export function readPlainTextMessage(eml: string): { headers: Record<string, string>; text: string } {
  const split = eml.indexOf('\r\n\r\n');
  const head = split === -1 ? eml : eml.slice(0, split);
  const body = split === -1 ? '' : eml.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = decodeHeader(line.slice(colon + 1).trim());
  }
  const joined = body.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return { headers, text: Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

function decodeHeader(value: string): string {
  const encoded = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/.exec(value);
  return encoded ? Buffer.from(encoded[1] ?? '', 'base64').toString('utf8') : value;
}
