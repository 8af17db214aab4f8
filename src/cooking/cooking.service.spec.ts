import { definedOnly } from './cooking.service.js';

describe('definedOnly', () => {
  it('drops undefined but keeps null', () => {
    expect(definedOnly({ a: undefined, b: null, c: 1 })).toEqual({ b: null, c: 1 });
  });
});
