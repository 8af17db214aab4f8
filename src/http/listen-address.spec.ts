import { listeningOn } from './listen-address.js';

describe('listeningOn', () => {
  it('names the address the socket is bound to, and says when that is every interface', () => {
    // The start-up line said http://127.0.0.1:3456 for a server bound to 0.0.0.0.
    expect(listeningOn({ address: '0.0.0.0', family: 'IPv4', port: 3456 })).toBe(
      'http://0.0.0.0:3456 (every IPv4 interface)',
    );
    expect(listeningOn({ address: '::', family: 'IPv6', port: 3000 })).toBe('http://[::]:3000 (every interface)');
    expect(listeningOn({ address: '127.0.0.1', family: 'IPv4', port: 3000 })).toBe('http://127.0.0.1:3000');
    expect(listeningOn({ address: '::1', family: 'IPv6', port: 80 })).toBe('http://[::1]:80');
  });

  it('names a Unix socket by its path', () => {
    expect(listeningOn('/run/api.sock')).toBe('the socket /run/api.sock');
  });
});
