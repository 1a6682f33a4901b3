// Server-Sent Events over fetch: an EventSource cannot send a bearer token, and a token in the
// URL would land in logs. Reconnects after a broken stream with the then current token.

/**
 * Splits a growing text buffer into complete events (blank-line separated).
 * @param {string} buffer text received so far
 * @returns {{events: {event: string, data: string, id: string|null}[], rest: string}}
 */
export function parseEvents(buffer) {
  const events = [];
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop();
  for (const block of blocks) {
    let event = 'message';
    let id = null;
    const data = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (data.length) events.push({ event, data: data.join('\n'), id });
  }
  return { events, rest };
}

/**
 * Follows an event stream until stopped.
 * @param {string} url the stream's path
 * @param {() => string|null} token the current access token
 * @param {(event: {event: string, data: string}) => void} onEvent called for each event
 * @param {(state: 'open'|'closed'|number) => void} [onState] open, closed, or the HTTP status that refused it
 * @returns {() => void} stops following
 */
export function follow(url, token, onEvent, onState = () => {}) {
  const controller = new AbortController();
  let stopped = false;
  let delay = 1000;
  (async function loop() {
    while (!stopped) {
      try {
        const headers = { Accept: 'text/event-stream' };
        const bearer = token();
        if (bearer) headers.Authorization = 'Bearer ' + bearer;
        const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
        if (!response.ok) {
          onState(response.status);
          const after = Number(response.headers.get('Retry-After'));
          delay = after > 0 ? after * 1000 : Math.min(delay * 2, 15000);
        } else {
          onState('open');
          delay = 1000;
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const parsed = parseEvents(buffer + value);
            buffer = parsed.rest;
            parsed.events.forEach(onEvent);
          }
          onState('closed');
        }
      } catch (e) {
        if (stopped) return;
        onState('closed');
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, delay));
    }
  })();
  return () => {
    stopped = true;
    controller.abort();
  };
}
