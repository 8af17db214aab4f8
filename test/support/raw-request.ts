import { connect } from 'node:net';

/** Sends one raw request over a socket; returns the status line, the head and the body. */
export function rawRequest(port: number, request: Buffer): Promise<{ status: string; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    // Written without a half-close: nginx takes an early FIN for a client that gave up (499).
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => {
      const [head, ...rest] = Buffer.concat(chunks).toString('utf8').split('\r\n\r\n');
      resolve({ status: head.split('\r\n')[0], head, body: rest.join('\r\n\r\n') });
    });
    socket.on('error', reject);
  });
}
