// Publishes made while there is no session, kept in order up to a bound. A full queue refuses
// the publish with an error instead of dropping anything.

import type { PublishParams } from '../engine/stomp-connection.js';
import { stompError } from '../engine/stomp-error.js';

export interface OfflineQueue {
  /** Queues a publish; throws a StompUsageError (code QUEUE_FULL) when the queue is full. */
  push(params: PublishParams): void;
  /** Takes everything out, oldest first. */
  drain(): PublishParams[];
}

export function createOfflineQueue(limit: number): OfflineQueue {
  let items: PublishParams[] = [];
  return {
    push: function (params) {
      if (items.length >= limit) {
        throw stompError(
          'StompUsageError',
          'QUEUE_FULL',
          'Not connected, and the offline queue is full (' +
            limit +
            ' publishes, offlineQueueSize): the publish to ' +
            params.destination +
            ' was not accepted'
        );
      }
      items.push(params);
    },
    drain: function () {
      const out = items;
      items = [];
      return out;
    }
  };
}
