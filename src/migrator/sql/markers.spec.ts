import { productionMarkers } from './markers.js';

const DROP = ['alter table `cookings` drop column `rating`'];
const RENAME = ['alter table `cookings` rename column `notes` to `description`'];
const ADD = ['alter table `cookings` add `rating` int null'];

describe('productionMarkers: what production asks of a migration', () => {
  it('asks nothing of an additive expand migration', () => {
    expect(productionMarkers({ up: ADD, down: [], phase: 'expand' }).missing).toEqual([]);
  });

  it('a drop in an expand migration needs both markers; one given leaves the other', () => {
    expect(productionMarkers({ up: DROP, down: [], phase: 'expand' }).missing).toEqual([
      'allowDestructive',
      'allowBreaking',
    ]);
    expect(productionMarkers({ up: DROP, down: [], phase: 'expand', destructiveReason: 'unused' }).missing).toEqual([
      'allowBreaking',
    ]);
  });

  it('in a contract migration a drop needs allowDestructive only, and a rename nothing', () => {
    const contract = productionMarkers({ up: DROP, down: [], phase: 'contract' });
    expect(contract.missing).toEqual(['allowDestructive']);
    expect(contract.breaking).toEqual([]);
    expect(productionMarkers({ up: RENAME, down: [], phase: 'contract' }).missing).toEqual([]);
  });

  it('a rename in an expand migration breaks the running release without losing data', () => {
    const rename = productionMarkers({ up: RENAME, down: [], phase: 'expand' });
    expect(rename.destructive).toEqual([]);
    expect(rename.breaking.map((finding) => finding.rule)).toEqual(['rename-column']);
    expect(rename.missing).toEqual(['allowBreaking']);
  });
});
