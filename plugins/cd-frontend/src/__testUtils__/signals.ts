import type { SignalApi } from '@backstage/plugin-signals-react';

/** The JSON object a signal carries (the subscribe callback's argument). */
type JsonObject = Parameters<Parameters<SignalApi['subscribe']>[1]>[0];

/**
 * An in-memory signal bus with the SignalApi's contract: what a test
 * publishes reaches the view's subscribers at once, as the backend's
 * signals reach the browser through the signals websocket.
 */
export class TestSignals implements SignalApi {
  private readonly subscribers = new Map<
    string,
    Set<(message: JsonObject) => void>
  >();

  subscribe<TMessage extends JsonObject = JsonObject>(
    channel: string,
    onMessage: (message: TMessage) => void,
  ) {
    const set = this.subscribers.get(channel) ?? new Set();
    const handler = onMessage as (message: JsonObject) => void;
    set.add(handler);
    this.subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(handler) };
  }

  publish(channel: string, message: JsonObject = {}) {
    for (const handler of this.subscribers.get(channel) ?? []) handler(message);
  }

  /** The channels someone listens on now. */
  channels(): string[] {
    return [...this.subscribers.entries()]
      .filter(([, set]) => set.size > 0)
      .map(([channel]) => channel);
  }
}
