import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvents } from './sse.js';

test('complete events are parsed, comments skipped, the unfinished rest kept', () => {
  const { events, rest } = parseEvents(': heartbeat\n\nevent: mypage\nid: 1\ndata: {"a":1}\n\nevent: mypage\ndata: {"b"');
  assert.deepEqual(events, [{ event: 'mypage', data: '{"a":1}', id: '1' }]);
  assert.equal(rest, 'event: mypage\ndata: {"b"');
});

test('CRLF line ends and multi-line data', () => {
  const { events } = parseEvents('data: one\r\ndata: two\r\n\r\n');
  assert.deepEqual(events, [{ event: 'message', data: 'one\ntwo', id: null }]);
});
