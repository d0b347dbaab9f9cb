// Where a SEND goes. /topic/x fans out to every subscriber of x at that moment; /queue/x hands
// each message to one subscriber in turn and keeps it (up to a bound) while nobody listens.
// That is all the demo needs, and what RabbitMQ and Spring's simple broker do for these prefixes.

/** One subscription as the router sees it. */
export interface Subscriber {
  /** The session's own id for it (the SUBSCRIBE frame's `id`). */
  id: string;
  destination: string;
  deliver(message: RoutedMessage): void;
}

export interface RoutedMessage {
  destination: string;
  messageId: string;
  headers: { [name: string]: string };
  body: string;
}

/** What the router refuses, in words meant for the client's ERROR frame. */
export function destinationProblem(destination: string): string | null {
  if (!/^\/(topic|queue)\/[^\s]+$/.test(destination)) {
    return (
      'unknown destination ' +
      JSON.stringify(destination) +
      ': this broker has /topic/<name> (every subscriber gets each message) and /queue/<name> (one subscriber ' +
      'gets each message)'
    );
  }
  return null;
}

export interface Router {
  add(subscriber: Subscriber): void;
  remove(subscriber: Subscriber): void;
  /** Routes one message; returns how many subscribers got it (queued messages count 0). */
  route(destination: string, headers: { [name: string]: string }, body: string): number;
}

/**
 * A router with per-queue backlogs of at most `maxBacklog` messages (the oldest is dropped and
 * `onDrop` told, so nothing disappears without a word).
 */
export function createRouter(options: { maxBacklog: number; onDrop(destination: string): void }): Router {
  const subscribers = new Map<string, Subscriber[]>();
  const queued = new Map<string, RoutedMessage[]>();
  const turn = new Map<string, number>();
  let counter = 0;

  const isQueue = (destination: string) => destination.startsWith('/queue/');

  function deliverBacklog(destination: string): void {
    const waiting = queued.get(destination);
    while (waiting && waiting.length && subscribers.get(destination)?.length) {
      next(destination).deliver(waiting.shift()!);
    }
    if (waiting && !waiting.length) queued.delete(destination);
  }

  function next(destination: string): Subscriber {
    const list = subscribers.get(destination)!;
    const i = (turn.get(destination) ?? 0) % list.length;
    turn.set(destination, i + 1);
    return list[i];
  }

  return {
    add(subscriber) {
      const list = subscribers.get(subscriber.destination) ?? [];
      list.push(subscriber);
      subscribers.set(subscriber.destination, list);
      if (isQueue(subscriber.destination)) deliverBacklog(subscriber.destination);
    },
    remove(subscriber) {
      const list = subscribers.get(subscriber.destination);
      if (!list) return;
      const rest = list.filter((s) => s !== subscriber);
      if (rest.length) subscribers.set(subscriber.destination, rest);
      else subscribers.delete(subscriber.destination);
    },
    route(destination, headers, body) {
      const message: RoutedMessage = { destination, messageId: 'm-' + ++counter, headers, body };
      const list = subscribers.get(destination) ?? [];
      if (!isQueue(destination)) {
        for (const s of list.slice()) s.deliver(message);
        return list.length;
      }
      if (list.length) {
        next(destination).deliver(message);
        return 1;
      }
      const waiting = queued.get(destination) ?? [];
      waiting.push(message);
      if (waiting.length > options.maxBacklog) {
        waiting.shift();
        options.onDrop(destination);
      }
      queued.set(destination, waiting);
      return 0;
    }
  };
}
