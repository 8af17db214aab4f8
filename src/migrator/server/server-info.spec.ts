import { flavorOf, serverName } from './server-info.js';

describe('server info', () => {
  it('tells MariaDB from MySQL by its version string', () => {
    expect(flavorOf('10.11.19-MariaDB-0+deb12u1')).toBe('mariadb');
    expect(flavorOf('9.7.4-2')).toBe('mysql');
    expect(flavorOf('8.0.36')).toBe('mysql');
  });

  it('names the server as plans print it', () => {
    expect(serverName('10.11.19-MariaDB-0+deb12u1')).toBe('mariadb 10.11.19');
    expect(serverName('9.7.4-2')).toBe('mysql 9.7.4-2');
  });
});
