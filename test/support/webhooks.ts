import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerSchema } from '../../src/modules/accounts/accounts.schemas.js';
import { registerPublicAccount } from '../../src/modules/accounts/accounts.service.js';
import { isUnifiedSocialCreditCode } from '../../src/platform/text/scanner/official-numbers.js';
import type { Client } from './client.js';
import { TEST_PASSWORD, type TestApp } from './test-app.js';

/** A valid 统一社会信用代码 for the n-th test organisation (the check character computed by trial). */
function creditCode(n: number): string {
  const body = `91310000MA${String(n).padStart(7, '0')}`;
  for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') if (isUnifiedSocialCreditCode(body + c)) return body + c;
  throw new Error('no check character');
}

let orgs = 0;

/** An organisation account (企业), signed in. */
export async function orgClient(t: TestApp, email: string, name = '测试产业园区管理有限公司'): Promise<{ client: Client; id: number }> {
  const input = registerSchema.parse({ kind: 'organization', name, orgType: '商业企业', creditCode: creditCode(++orgs + Math.floor(Math.random() * 1e6)), contact: email, password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD, agree: 'on' });
  const outcome = await registerPublicAccount(t.database, input, '127.0.0.1');
  if (!outcome.ok) throw new Error(`org ${email}: ${JSON.stringify(outcome.errors)}`);
  const client = t.client();
  const reply = await client.loginPublic(email, TEST_PASSWORD);
  if (reply.status !== 303) throw new Error(`org login ${email} failed: ${reply.status}`);
  return { client, id: outcome.value };
}

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  /** Checked here the way docs/subscriptions.md tells third parties to check it. */
  signatureValid: boolean;
}

export interface HookReceiver {
  url: string;
  received: ReceivedHook[];
  /** The next answers, in order (status codes, or 'hang' to never answer); afterwards 200. */
  answers: (number | 'hang')[];
  /** The signing secret the receiver checks against. */
  secret: string;
  close(): Promise<void>;
}

/** A third party's receiving server: verifies every signature, answers as told. */
export async function startHookReceiver(): Promise<HookReceiver> {
  const receiver: HookReceiver = { url: '', received: [], answers: [], secret: '', close: async () => {} };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(request.headers['x-gongkai-timestamp'] ?? '');
      const expected = `sha256=${createHmac('sha256', receiver.secret).update(`${timestamp}.${body}`).digest('hex')}`;
      const given = String(request.headers['x-gongkai-signature'] ?? '');
      const signatureValid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected)) && Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
      receiver.received.push({ headers: request.headers, body, signatureValid });
      const answer = receiver.answers.shift() ?? 200;
      if (answer === 'hang') return;
      response.writeHead(signatureValid ? answer : 401).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/gongkai`;
  receiver.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return receiver;
}
