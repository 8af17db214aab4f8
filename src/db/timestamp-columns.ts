import { Property } from '@mikro-orm/decorators/legacy';
import { wholeSecondNow } from './clock.js';

// `current_timestamp()` (with parentheses) is how MariaDB reads the clause back; MySQL reads it
// back as `CURRENT_TIMESTAMP`, which the project's MySQL driver reads as this spelling
// (mysql-driver.ts), so one migration compares clean on both servers.
const NOW = 'current_timestamp()';

/** `created_at`: DATETIME set by the server when a row is inserted (comment 作成日時). */
export function CreatedAtColumn(): ReturnType<typeof Property> {
  return Property({
    type: 'datetime',
    columnType: 'datetime',
    defaultRaw: NOW,
    onCreate: () => wholeSecondNow(),
    comment: '作成日時',
  });
}

/** `updated_at`: DATETIME set when a row is inserted and on every update (comment 更新日時). */
export function UpdatedAtColumn(): ReturnType<typeof Property> {
  return Property({
    type: 'datetime',
    columnType: 'datetime',
    defaultRaw: NOW,
    extra: `on update ${NOW}`,
    onCreate: () => wholeSecondNow(),
    onUpdate: () => wholeSecondNow(),
    comment: '更新日時',
  });
}
