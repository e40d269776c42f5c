import { strict as assert } from 'node:assert';
import { formatSseEvent, SseParser, SseTooLarge } from '../../../src/shared/sse';

describe('shared: the server-sent events parser', () => {
  it('reads events, ids, comments and retry, in chunks cut anywhere, with any line ending', () => {
    const text =
      '\uFEFFretry: 3000\r\n: hello\n\nid: 7\nevent: decision\ndata: {"a":1}\r\r\nevent: findings\ndata: line one\ndata: line two\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new SseParser();
      const a = parser.push(text.slice(0, cut));
      const b = parser.push(text.slice(cut));
      const messages = [...a.messages, ...b.messages];
      assert.deepEqual(
        messages,
        [
          { event: 'decision', data: '{"a":1}', id: '7' },
          { event: 'findings', data: 'line one\nline two', id: '7' },
        ],
        `cut at ${cut}`,
      );
      assert.deepEqual([...a.comments, ...b.comments], ['hello']);
      assert.equal(a.retryMs ?? b.retryMs, 3000);
    }
  });

  it('dispatches nothing for an event without data, and names an unnamed one "message"', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('event: x\n\ndata: plain\n\n').messages, [{ event: 'message', data: 'plain', id: '' }]);
  });

  it('refuses a line or an event longer than its bound', () => {
    assert.throws(() => new SseParser(100).push('data: ' + 'x'.repeat(200)), SseTooLarge);
    const parser = new SseParser(100);
    assert.throws(() => {
      for (let i = 0; i < 20; i++) parser.push('data: 0123456789\n');
    }, SseTooLarge);
  });

  it('writes what it reads back', () => {
    const parsed = new SseParser().push(formatSseEvent('review', 'a\nb', 'id-1'));
    assert.deepEqual(parsed.messages, [{ event: 'review', data: 'a\nb', id: 'id-1' }]);
  });
});
