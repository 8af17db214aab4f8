/**
 * Everything the engine refuses or fails with, and the union the wording and the exit codes
 * switch over: a kind added here fails the type-check until both say what it means.
 */
import { MigrationError, type MigrationErrorKind } from './migration-error.js';
import type {
  BlockingMigrationError,
  ContractFirstError,
  DestructiveMigrationError,
  ExpandPhaseError,
  ForceRequiredError,
  MigrationBlockedError,
  MigrationLockTimeoutError,
  MigrationSourceError,
  NotAppliedError,
  NotFailedError,
  PlanForeseesFailureError,
  RenameRefusedError,
  ScratchDatabaseError,
  SnapshotMismatchError,
  ReplayFailedError,
  StampRefusedError,
  TriggerRightsError,
  UnknownMigrationError,
} from './refusal-errors.js';
import type {
  DataCheckError,
  DdlLockTimeoutError,
  MigrationFailedError,
  OnlineChangeFailedError,
  PinnedDdlRefusedError,
} from './statement-errors.js';
import type { NotTheWriterError } from './cluster-errors.js';

export { MigrationError, type MigrationErrorKind } from './migration-error.js';
export * from './cluster-errors.js';
export * from './refusal-errors.js';
export * from './statement-errors.js';

export type KnownMigrationError =
  | MigrationBlockedError
  | DestructiveMigrationError
  | ForceRequiredError
  | BlockingMigrationError
  | ExpandPhaseError
  | ContractFirstError
  | MigrationFailedError
  | OnlineChangeFailedError
  | DdlLockTimeoutError
  | PinnedDdlRefusedError
  | DataCheckError
  | NotFailedError
  | UnknownMigrationError
  | NotAppliedError
  | MigrationLockTimeoutError
  | MigrationSourceError
  | ScratchDatabaseError
  | TriggerRightsError
  | PlanForeseesFailureError
  | RenameRefusedError
  | SnapshotMismatchError
  | ReplayFailedError
  | StampRefusedError
  | NotTheWriterError;

/** An engine error, narrowed by its kind. Every concrete class is one of the union above. */
export function isMigrationError(error: unknown): error is KnownMigrationError {
  return error instanceof MigrationError;
}

/** The compile-time end of an exhaustive switch over kinds. */
export function unknownKind(error: never): never {
  throw new Error(`unhandled migration error kind: ${String((error as MigrationError).kind)}`);
}

/** Fails the type-check when a kind has no class in KnownMigrationError. */
type NoneLeft<T extends never> = T;
export type EveryKindIsKnown = NoneLeft<Exclude<MigrationErrorKind, KnownMigrationError['kind']>>;
