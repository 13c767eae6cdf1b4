'use strict';
// Sends RunCompletions over one Report stream and resends, on a new stream, every event that was
// not acknowledged when a stream ends early. Resending is safe: an event_id that was stored before
// is answered DUPLICATE with the original sequence and deliveries.
const { status } = require('./contract');

// Codes after which the same events may be sent again (docs/api.md, "Error codes").
const RESEND_AFTER = new Set([
  status.UNAVAILABLE, status.RESOURCE_EXHAUSTED, status.INTERNAL, status.ABORTED,
  status.DEADLINE_EXCEEDED, status.UNKNOWN,
]);

class Reporter {
  /**
   * @param client a HookService client (contract.hookService)
   * @param metadata call metadata (contract.callMetadata)
   * @param options attempts: streams to open at most; backoffMs: first wait before a resend;
   *        log: where to say that a stream ended and what is resent
   */
  constructor(client, metadata, { attempts = 8, backoffMs = 250, log = () => {} } = {}) {
    this.client = client;
    this.metadata = metadata;
    this.attempts = attempts;
    this.backoffMs = backoffMs;
    this.log = log;
  }

  /** Resolves with one ack per event, in the events' order. */
  async report(events) {
    const acks = new Map();
    let unacked = events.slice();
    for (let attempt = 1; unacked.length > 0; attempt++) {
      const failure = await this.stream(unacked, acks);
      unacked = unacked.filter((event) => !acks.has(event.event_id));
      if (unacked.length === 0) {
        break;
      }
      if (failure && !RESEND_AFTER.has(failure.code)) {
        throw failure;
      }
      if (attempt >= this.attempts) {
        throw new Error(`${unacked.length} events not acknowledged after ${attempt} streams: ${describe(failure)}`);
      }
      const wait = Math.min(this.backoffMs * 2 ** (attempt - 1), 5000);
      this.log(`report stream ended (${describe(failure)}); resending ${unacked.length} unacknowledged events in ${wait} ms`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return events.map((event) => acks.get(event.event_id));
  }

  /** One stream: writes `events`, records their acks; resolves with the error that ended it, if any. */
  stream(events, acks) {
    return new Promise((resolve) => {
      const call = this.client.Report(this.metadata);
      let next = 0; // acks come in the order the events were written
      call.on('data', (ack) => {
        const expected = events[next++];
        if (!expected || ack.event_id !== expected.event_id) {
          call.cancel();
          resolve(new Error(`ack for ${ack.event_id} out of order (expected ${expected && expected.event_id})`));
          return;
        }
        acks.set(ack.event_id, ack);
      });
      call.on('error', resolve);
      call.on('end', () => resolve(next < events.length ? { code: status.UNAVAILABLE, details: 'stream ended early' } : null));
      for (const event of events) {
        call.write(event);
      }
      call.end();
    });
  }
}

function describe(failure) {
  if (!failure) {
    return 'ended';
  }
  const name = Object.keys(status).find((key) => status[key] === failure.code);
  return name ? `${name}: ${failure.details}` : String(failure.message || failure);
}

module.exports = { Reporter, describe };
