import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HealthIndicatorService } from '@nestjs/terminus';
import { readSchemaStatus } from '../migrator/index.js';

/** Up only when no migration is pending or failed: an API on a stale schema is not ready. */
@Injectable()
export class SchemaHealthIndicator {
  constructor(
    private readonly orm: MikroORM,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async isCurrent(key: string) {
    const session = this.indicators.check(key);
    const status = await readSchemaStatus(this.orm);
    const data = { head: status.head, pending: status.pending, failed: status.failed, message: status.summary };
    return status.current ? session.up(data) : session.down(data);
  }
}
