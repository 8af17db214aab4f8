/**
 * Everything the engine refuses or fails with, in one place: the classes, grouped by what they
 * are about, and the union the host's wording and exit codes switch over. A kind is the
 * discriminant of its class, so adding a class to the union is all it takes for every exhaustive
 * switch to fail the type-check until it says what the new kind means.
 */
import { MigrationError } from './migration-error.js';
import type { NotTheWriterError } from './cluster-errors.js';
import type {
  NotAppliedError,
  NotFailedError,
  RenameRefusedError,
  StampRefusedError,
  UnknownMigrationError,
} from './request-refusals.js';
import type {
  BlockingMigrationError,
  ContractFirstError,
  DestructiveMigrationError,
  ExpandPhaseError,
  ForceRequiredError,
  MigrationBlockedError,
  MigrationLockTimeoutError,
  PlanForeseesFailureError,
  TriggerRightsError,
} from './run-refusals.js';
import type {
  MigrationSourceError,
  ReplayFailedError,
  ScratchDatabaseError,
  SnapshotMismatchError,
} from './source-errors.js';
import type {
  DataCheckError,
  DdlLockTimeoutError,
  MigrationFailedError,
  OnlineChangeFailedError,
  PinnedDdlRefusedError,
} from './statement-errors.js';

export { MigrationError } from './migration-error.js';
export { NotTheWriterError } from './cluster-errors.js';
export {
  NotAppliedError,
  NotFailedError,
  RenameRefusedError,
  StampRefusedError,
  UnknownMigrationError,
} from './request-refusals.js';
export {
  BlockingMigrationError,
  ContractFirstError,
  DestructiveMigrationError,
  ExpandPhaseError,
  ForceRequiredError,
  MigrationBlockedError,
  MigrationLockTimeoutError,
  PlanForeseesFailureError,
  TriggerRightsError,
} from './run-refusals.js';
export {
  MigrationSourceError,
  ReplayFailedError,
  ScratchDatabaseError,
  SnapshotMismatchError,
} from './source-errors.js';
export {
  DataCheckError,
  DdlLockTimeoutError,
  MigrationFailedError,
  OnlineChangeFailedError,
  PinnedDdlRefusedError,
  StatementFailedError,
  StatementHeldBackError,
} from './statement-errors.js';

/** Every concrete engine error: what `isMigrationError` narrows to. */
export type KnownMigrationError =
  | MigrationBlockedError
  | DestructiveMigrationError
  | ForceRequiredError
  | BlockingMigrationError
  | ExpandPhaseError
  | ContractFirstError
  | TriggerRightsError
  | PlanForeseesFailureError
  | MigrationLockTimeoutError
  | NotTheWriterError
  | UnknownMigrationError
  | NotAppliedError
  | NotFailedError
  | RenameRefusedError
  | StampRefusedError
  | MigrationSourceError
  | ScratchDatabaseError
  | SnapshotMismatchError
  | ReplayFailedError
  | MigrationFailedError
  | OnlineChangeFailedError
  | DdlLockTimeoutError
  | PinnedDdlRefusedError
  | DataCheckError;

/** Every kind of engine error, from the union of the classes: the one list of kinds. */
export type MigrationErrorKind = KnownMigrationError['kind'];

/** An engine error, narrowed by its kind. Every concrete class is one of the union above. */
export function isMigrationError(error: unknown): error is KnownMigrationError {
  return error instanceof MigrationError;
}
