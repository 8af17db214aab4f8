import { SafeMigrator } from './safe-migrator.js';

/**
 * The engine of an ORM configured with `safeMigrations()`; says so when it was not. Takes any
 * MikroORM instance (whatever its entity types): only its migrator is read.
 */
export function migratorOf(orm: { readonly migrator: unknown }): SafeMigrator {
  const migrator = orm.migrator;
  if (!(migrator instanceof SafeMigrator)) {
    throw new Error(
      'this MikroORM instance has no SafeMigrator: register safeMigrations(settings).extensions in its config',
    );
  }
  return migrator;
}
