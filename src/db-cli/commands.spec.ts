import { DB_COMMANDS } from '../migration-words/index.js';
import { COMMANDS } from './run.js';

describe('the db commands and the table the ways out are built from', () => {
  it('are the same commands, with the same flags', () => {
    expect(COMMANDS.map((command) => command.name).sort()).toEqual(Object.keys(DB_COMMANDS).sort());
    for (const command of COMMANDS) {
      expect(Object.keys(command.options).sort()).toEqual(Object.keys(DB_COMMANDS[command.name]).sort());
    }
  });
});
