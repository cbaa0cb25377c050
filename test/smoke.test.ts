import { initialCursor } from '../connectors/connector';
test('a fresh cursor has read nothing yet', () => {
  expect(initialCursor()).toEqual({ since: null, seen: [] });
});
