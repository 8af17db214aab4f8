import { Controller, Get, Optional, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/api-docs.js';
import { HealthResponseDto } from './health-response.dto.js';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  MikroOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { ReplicaSet } from '../db/replicas/replica-set.js';
import { ClusterTopology } from '../db/cluster/cluster-topology.js';
import { SchemaHealthIndicator } from './schema.health.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: MikroOrmHealthIndicator,
    private readonly schema: SchemaHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Optional() private readonly replicas?: ReplicaSet,
    @Optional() private readonly cluster?: ClusterTopology,
  ) {}

  /** The process is up and serving; says nothing about the database. */
  @Get('live')
  // Terminus's own swagger schema says a failure answers its result object; ours answer the
  // uniform error body, documented here instead.
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Liveness: the process is up',
    description: 'Says nothing about the database: an orchestrator restarts the process only when this fails.',
  })
  @ApiOkResponse({ type: HealthResponseDto, description: 'the process is up' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * Ready for traffic: the database answers and its schema is current. Replicas are reported,
   * never a reason to be unready: while the primary serves, reads fall back to it.
   */
  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness: the database answers and the schema is current',
    description:
      '503 with the reason while the database is unreachable or a migration is pending or failed. ' +
      'With read replicas, `replicas` reports each one (up, lag, schema head, in the read set or why not).',
  })
  @ApiOkResponse({ type: HealthResponseDto, description: 'the database answers and the schema is current' })
  @ApiErrors({ 503: 'not ready: schema: 1 migration pending (Migration20261125000000)' })
  async ready(): Promise<HealthCheckResult> {
    try {
      const checks: HealthIndicatorFunction[] = [
        () => this.database.pingCheck('database').withTimeout(2_000),
        () => this.schema.isCurrent('schema'),
      ];
      const replicas = this.replicas;
      if (replicas) {
        checks.push(() => {
          const report = replicas.report();
          const serving = report.filter((replica) => replica.serving).length;
          return this.indicators.check('replicas').up({ serving, replicas: report });
        });
      }
      const cluster = this.cluster;
      if (cluster) {
        checks.push(() => {
          const report = cluster.report();
          const session = this.indicators.check('cluster');
          return report.writer === null
            ? session.down({ ...report, message: 'no member takes writes' })
            : session.up({ ...report });
        });
      }
      return await this.health.check(checks);
    } catch (error) {
      throw new ServiceUnavailableException(`not ready: ${reasonOf(error)}`);
    }
  }
}

/** Terminus reports failures as a result object; the API's error body carries them as one message. */
function reasonOf(error: unknown): string {
  const response = (error as { getResponse?: () => unknown }).getResponse?.() as HealthCheckResult | undefined;
  const failures = Object.entries(response?.error ?? {}).map(([key, value]) => {
    const message = (value as { message?: unknown }).message;
    return `${key}: ${typeof message === 'string' ? message : 'down'}`;
  });
  return failures.length > 0 ? failures.join('; ') : error instanceof Error ? error.message : 'unknown';
}
