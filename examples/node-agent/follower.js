'use strict';
// Follows deliveries on Subscribe until each is in a final state, resuming after the last cursor
// seen when the stream breaks (the status log gives exactly the changes after it, none twice).
const { describe } = require('./reporter');
const { status } = require('./contract');

const FINAL = new Set([
  'DELIVERY_STATE_DELIVERED', 'DELIVERY_STATE_FAILED', 'DELIVERY_STATE_DEAD',
  'DELIVERY_STATE_DISABLED', 'DELIVERY_STATE_SKIPPED',
]);

const RESUBSCRIBE_AFTER = new Set([status.UNAVAILABLE, status.RESOURCE_EXHAUSTED, status.INTERNAL, status.UNKNOWN]);

class Follower {
  constructor(client, metadata, { timeoutMs = 300000, log = () => {} } = {}) {
    this.client = client;
    this.metadata = metadata;
    this.timeoutMs = timeoutMs;
    this.log = log;
  }

  /**
   * Resolves with a Map from delivery id to its final state: a DeliveryEvent, or for a delivery
   * already final at intake, {state, error} from its PlannedDelivery.
   */
  async follow(runUuid, planned) {
    const finals = new Map();
    for (const delivery of planned) {
      if (FINAL.has(delivery.state)) {
        finals.set(delivery.delivery_id, { state: delivery.state, error: delivery.reason, http_status: 0 });
      }
    }
    const wanted = new Set(planned.map((delivery) => delivery.delivery_id));
    const deadline = Date.now() + this.timeoutMs;
    let afterCursor = '0';
    while (finals.size < wanted.size) {
      const outcome = await this.subscribe(runUuid, afterCursor, wanted, finals, deadline);
      afterCursor = outcome.lastCursor;
      if (outcome.error && !RESUBSCRIBE_AFTER.has(outcome.error.code)) {
        throw outcome.error;
      }
      if (outcome.error) {
        this.log(`subscribe stream ended (${describe(outcome.error)}); resuming after cursor ${afterCursor}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    return finals;
  }

  subscribe(runUuid, afterCursor, wanted, finals, deadline) {
    return new Promise((resolve) => {
      let lastCursor = afterCursor;
      const call = this.client.Subscribe({ run_uuid: runUuid, after_cursor: afterCursor }, this.metadata,
        { deadline: new Date(deadline) });
      call.on('data', (change) => {
        lastCursor = change.cursor;
        if (wanted.has(change.delivery_id) && FINAL.has(change.state)) {
          finals.set(change.delivery_id, change);
          if (finals.size === wanted.size) {
            call.cancel();
          }
        }
      });
      call.on('error', (error) => {
        if (error.code === status.CANCELLED && finals.size === wanted.size) {
          resolve({ lastCursor });
        } else if (error.code === status.DEADLINE_EXCEEDED) {
          resolve({ lastCursor, error: Object.assign(error, { details: `deliveries not final within ${this.timeoutMs} ms` }) });
        } else {
          resolve({ lastCursor, error });
        }
      });
      call.on('end', () => resolve({ lastCursor }));
    });
  }
}

module.exports = { Follower, FINAL };
