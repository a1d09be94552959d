import { request, type Agent, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

/** A JSON POST's answer, and the connection it came over. */
export interface PostedOver {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as text. */
  text: string;
  socket: Socket;
  /** Whether the request went over a connection the agent had kept from an earlier one. */
  reused: boolean;
}

/**
 * A JSON POST over `agent`, as a tablet's browser sends one: a keep-alive agent of one socket is
 * one tablet's connection, kept between its requests (`fetch` pools connections across callers).
 */
export function postOver(agent: Agent, url: string, body: unknown): Promise<PostedOver> {
  return new Promise((resolve, reject) => {
    const json = JSON.stringify(body);
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), socket: req.socket as Socket, reused: req.reusedSocket }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(json);
  });
}

/** Resolves once `socket` is closed (at once if it already is). */
export function connectionClosed(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}
