import type { AddressInfo } from 'node:net';

/** The wildcard addresses, and what a socket bound to one is reached on. */
const EVERY_INTERFACE: Record<string, string> = {
  '0.0.0.0': 'every IPv4 interface',
  '::': 'every interface',
};

/**
 * Where the server really listens, from its socket's own address: Nest's getUrl() answers
 * 127.0.0.1 for a server bound to 0.0.0.0, which reads as "reachable only from this machine"
 * when it is reachable from every network the machine is on.
 */
export function listeningOn(address: AddressInfo | string | null): string {
  if (address === null) {
    return 'an unknown address';
  }
  if (typeof address === 'string') {
    return `the socket ${address}`;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const wildcard = EVERY_INTERFACE[address.address];
  return wildcard ? `${url} (${wildcard})` : url;
}
