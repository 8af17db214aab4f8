import { markContract, oneSecondLater } from './created-migrations.js';

describe('the contract part of a split', () => {
  it('is named one second later, so it sorts and runs after the expand part, across minute and day ends', () => {
    expect(oneSecondLater('Migration20261201101530')).toBe('Migration20261201101531');
    expect(oneSecondLater('Migration20261231235959_rename')).toBe('Migration20270101000000_rename');
  });

  it('carries the contract phase marker after its name', () => {
    const code =
      "export class Migration20261201101531 extends Migration {\n  override name = 'Migration20261201101531';\n}\n";
    expect(markContract(code)).toBe(
      "export class Migration20261201101531 extends Migration {\n  override name = 'Migration20261201101531';\n\n  phase = 'contract';\n}\n",
    );
  });
});
