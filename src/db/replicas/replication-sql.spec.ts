import { decodeToken, encodeToken, readReplicationState, replicationProblem } from './replication-sql.js';

const MYSQL_SET = '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77,4f11fa47-71ca-11e1-9e33-c80aa9429562:1-3:5';

describe('replication state', () => {
  it('reads MySQL and MariaDB column names alike', () => {
    const mysql = readReplicationState([
      { Replica_IO_Running: 'Yes', Replica_SQL_Running: 'Yes', Seconds_Behind_Source: 3, Last_SQL_Error: '' },
    ]);
    const mariadb = readReplicationState([
      { Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Seconds_Behind_Master: '3' },
    ]);
    expect(mysql).toEqual({ receiving: true, applying: true, lagSeconds: 3, lastError: undefined });
    expect(mariadb).toEqual(mysql);
  });

  it('says why a replica cannot serve: not a replica, a stopped thread with its error, unknown or too much lag', () => {
    expect(replicationProblem(readReplicationState([]), 5)).toBe('not a replica: SHOW REPLICA STATUS is empty');
    const stopped = readReplicationState([
      {
        Replica_IO_Running: 'Yes',
        Replica_SQL_Running: 'No',
        Seconds_Behind_Source: null,
        Last_SQL_Error: 'Duplicate entry',
      },
    ]);
    expect(replicationProblem(stopped, 5)).toBe(
      'replication stopped: not applying (SQL thread); last error: Duplicate entry',
    );
    expect(replicationProblem({ receiving: true, applying: true }, 5)).toBe('lag unknown');
    expect(replicationProblem({ receiving: true, applying: true, lagSeconds: 6 }, 5)).toBe(
      'lag 6 s is over REPLICA_MAX_LAG_SECONDS (5 s)',
    );
    expect(replicationProblem({ receiving: true, applying: true, lagSeconds: 5 }, 5)).toBeUndefined();
  });
});

describe('consistency tokens', () => {
  it('round-trip a position of the same family, spaces and line breaks of a long GTID set left out', () => {
    expect(decodeToken('mysql', encodeToken(MYSQL_SET.replace(',', ',\n')))).toBe(MYSQL_SET);
    expect(decodeToken('mariadb', encodeToken('0-1-42,1-1-7'))).toBe('0-1-42,1-1-7');
  });

  it('refuse what the API did not issue: another family, bad base64url, any other text', () => {
    expect(decodeToken('mariadb', encodeToken(MYSQL_SET))).toBeUndefined();
    expect(decodeToken('mysql', encodeToken('0-1-42'))).toBeUndefined();
    expect(decodeToken('mysql', 'not a token!')).toBeUndefined();
    expect(decodeToken('mysql', encodeToken("1') OR SLEEP(10) -- "))).toBeUndefined();
    expect(decodeToken('mysql', 'A'.repeat(5000))).toBeUndefined();
  });
});
