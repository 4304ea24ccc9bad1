import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that accepts every message and only counts (the bench's mail sink). */
export interface SmtpSink {
  url: string;
  readonly accepted: number;
  readonly bytes: number;
  /** Message-IDs seen more than once: a resend the engine should not make. */
  readonly duplicates: number;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  let accepted = 0;
  let bytes = 0;
  let duplicates = 0;
  const seen = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 1000,
    // No reverse DNS per connection: this machine has no resolver, and a sink should only count.
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (head.length < 4096) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1];
        if (id && seen.has(id)) duplicates++;
        if (id) seen.add(id);
        accepted++;
        callback();
      });
    },
  });
  // Replies go out at once: with Nagle's algorithm and delayed ACKs each SMTP command waits ~40 ms.
  server.server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    // pool=true: nodemailer keeps connections open, as a production SMTP_URL for bulk mail should.
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true&pool=true&maxConnections=5`,
    get accepted() {
      return accepted;
    },
    get bytes() {
      return bytes;
    },
    get duplicates() {
      return duplicates;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
