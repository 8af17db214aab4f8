import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { schemaSummary } from '../migration-words/index.js';
import { readSchemaStatus } from '../migrator/index.js';

/**
 * Up only when no migration this build needs is pending, being applied or failed: an API on a stale schema is
 * not ready. Contract migrations of its own (its contract window) do not count.
 */
@Injectable()
export class SchemaHealthIndicator {
  constructor(
    private readonly orm: MikroORM,
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async isCurrent(key: string) {
    const session = this.indicators.check(key);
    const status = await readSchemaStatus(this.orm);
    const data = {
      head: status.head,
      pending: status.pending,
      running: status.running,
      failed: status.failed,
      contractWindow: status.contractWindow,
      message: schemaSummary(status, this.config.migrations.command),
    };
    return status.current ? session.up(data) : session.down(data);
  }
}
