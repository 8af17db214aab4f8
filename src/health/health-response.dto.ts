import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Bound on the migration names a probe lists: far above any real history. */
const MAX_LISTED_MIGRATIONS = 10_000;

const MIGRATION_NAMES = {
  type: 'array',
  items: { type: 'string', maxLength: 255 },
  maxItems: MAX_LISTED_MIGRATIONS,
} as const;

/** What readiness says of one read replica (DATABASE_REPLICA_URLS). */
export class ReplicaReportDto {
  @ApiProperty({ maxLength: 300, example: 'replica-1:3306', description: 'host:port' })
  name!: string;

  @ApiProperty({ description: 'the server answered its last check' })
  up!: boolean;

  @ApiProperty({ description: 'in the read set: reads may go there' })
  serving!: boolean;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 2_147_483_647,
    nullable: true,
    example: 0,
    description: 'seconds behind the primary; null when unknown',
  })
  lagSeconds!: number | null;

  @ApiProperty({ type: String, nullable: true, maxLength: 255, example: 'Migration20261125000000' })
  schemaHead!: string | null;

  @ApiPropertyOptional({ maxLength: 1000, example: 'lag 12 s is over REPLICA_MAX_LAG_SECONDS (5 s)' })
  problem?: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    maxLength: 30,
    nullable: true,
    description: 'when it was last checked',
  })
  checkedAt!: string | null;
}

/** What readiness says of one member of the cluster DATABASE_URL names. */
export class ClusterMemberDto {
  @ApiProperty({ maxLength: 300, example: 'db-1:3306', description: 'host:port' })
  name!: string;

  @ApiProperty({ description: 'the member answered its last check' })
  up!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 20,
    example: 'PRIMARY',
    description:
      'Group Replication role (PRIMARY or SECONDARY); null on Galera, where every synced node may take writes',
  })
  role!: 'PRIMARY' | 'SECONDARY' | null;

  @ApiProperty({
    maxLength: 1000,
    example: 'ONLINE',
    description: "the member's state as the cluster says it (ONLINE, RECOVERING, Synced, …), or why it was not read",
  })
  state!: string;

  @ApiProperty({ description: "the API's writes go there now" })
  takesWrites!: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    maxLength: 30,
    nullable: true,
    description: 'when it was last checked',
  })
  checkedAt!: string | null;
}

/** One check of a probe: `database` (a ping), `schema` (no migration this build needs is pending or failed), or `replicas`. */
export class HealthIndicatorDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status!: 'up' | 'down';

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 60_000,
    description: 'ms the database took to answer the ping',
    example: 4,
  })
  responseTime?: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255, example: 'Migration20261125000000' })
  head?: string | null;

  @ApiPropertyOptional({ ...MIGRATION_NAMES, description: 'pending migrations' })
  pending?: string[];

  @ApiPropertyOptional({
    ...MIGRATION_NAMES,
    description: 'migrations a migrate run is applying now (it holds the migration lock): not failed, not yet applied',
  })
  running?: string[];

  @ApiPropertyOptional({ ...MIGRATION_NAMES, description: 'failed migrations' })
  failed?: string[];

  @ApiPropertyOptional({
    ...MIGRATION_NAMES,
    description: "pending contract migrations of this build's own, which wait for every replica to run it",
  })
  contractWindow?: string[];

  @ApiPropertyOptional({ maxLength: 1000, example: 'schema is current (7 migrations applied)' })
  message?: string;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 1000,
    description: 'replicas in the read set (reads go to the primary when 0)',
  })
  serving?: number;

  @ApiPropertyOptional({ type: [ReplicaReportDto], maxItems: 1000, description: 'each read replica' })
  replicas?: ReplicaReportDto[];

  @ApiPropertyOptional({
    enum: ['group-replication', 'galera'],
    example: 'group-replication',
    description: 'the kind of cluster DATABASE_URL names, as its servers say',
  })
  kind?: 'group-replication' | 'galera';

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 300,
    example: 'db-1:3306',
    description: 'the member that takes writes; null while none does (writes answer 503)',
  })
  writer?: string | null;

  @ApiPropertyOptional({ type: [ClusterMemberDto], maxItems: 1000, description: 'each member of the cluster' })
  members?: ClusterMemberDto[];
}

/** The checks a probe ran, by name: `live` runs none, `ready` both. */
export class HealthIndicatorsDto {
  @ApiPropertyOptional({ type: HealthIndicatorDto, description: 'the database answers a ping' })
  database?: HealthIndicatorDto;

  @ApiPropertyOptional({ type: HealthIndicatorDto, description: 'no migration this build needs is pending or failed' })
  schema?: HealthIndicatorDto;

  @ApiPropertyOptional({
    type: HealthIndicatorDto,
    description: 'each read replica (only with DATABASE_REPLICA_URLS); always up: reads fall back to the primary',
  })
  replicas?: HealthIndicatorDto;

  @ApiPropertyOptional({
    type: HealthIndicatorDto,
    description:
      'the cluster (only when DATABASE_URL names a Group Replication or Galera cluster): its members and which takes writes; down while none does',
  })
  cluster?: HealthIndicatorDto;
}

/** What a passing probe answers (Terminus's result); a failing one answers the uniform 503 body. */
export class HealthResponseDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';

  @ApiProperty({ type: HealthIndicatorsDto, description: 'the checks that are up' })
  info!: HealthIndicatorsDto;

  @ApiProperty({ type: HealthIndicatorsDto, description: 'the checks that are down (empty when ok)' })
  error!: HealthIndicatorsDto;

  @ApiProperty({ type: HealthIndicatorsDto, description: 'every check' })
  details!: HealthIndicatorsDto;
}
