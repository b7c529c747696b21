import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';

/** Without signals, how often a live view reloads. */
export const FALLBACK_POLL_MS = 15_000;
/**
 * With signals, a slow resync in case messages were lost while the signal
 * connection was reconnecting.
 */
export const SIGNALS_RESYNC_MS = 30_000;
/**
 * One reload this long after subscribing: a signal connection being (re)opened
 * when the view subscribes does not deliver what happened meanwhile.
 */
export const SUBSCRIBE_CATCH_UP_MS = 7_000;

export interface LiveResourceOptions<T> {
  /** Signal channels whose messages mean "this changed": each one triggers a reload. */
  channels: string[];
  /** Whether the value can still change; false stops the timed reloads (signals still reload it). Default: always. */
  isLive?: (value: T | undefined) => boolean;
  /** Without signals, the reload period. */
  fallbackIntervalMs?: number;
  /** With signals, the resync period. */
  resyncIntervalMs?: number;
  /** Answers equal to the shown one are dropped, so an idle big view does not re-render. */
  isEqual?: (a: T, b: T) => boolean;
}

export interface LiveResource<T> {
  value?: T;
  /** The last load's error; a failed reload keeps the last value shown. */
  error?: Error;
  loading: boolean;
  /** Whether a signal connection drives the reloads (else they are timed). */
  signalsAvailable: boolean;
  /** Reloads now (coalesced with a load in flight). */
  refresh: () => void;
  /** Shows a value obtained elsewhere (e.g. returned by a control call). */
  replace: (value: T) => void;
}

interface State<T> {
  value?: T;
  error?: Error;
  loading: boolean;
}

/**
 * A value from the backend kept live by Backstage signals: every message on
 * one of `channels` reloads it, within the round trip of one request. One
 * load is in flight at a time; messages arriving meanwhile cause one more
 * load after it, so bursts of signals cost two requests, not one per message.
 * Without a signal API the value is reloaded every `fallbackIntervalMs`.
 */
export function useLiveResource<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  options: LiveResourceOptions<T>,
): LiveResource<T> {
  const signalApi = useApiHolder().get(signalApiRef);
  const [state, setState] = useState<State<T>>({ loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  // One controller per `deps` generation: answers of an older generation are ignored.
  const controller = useRef({ generation: 0, inFlight: false, again: false });

  const run = useCallback(async () => {
    const c = controller.current;
    if (c.inFlight) {
      c.again = true;
      return;
    }
    const generation = c.generation;
    c.inFlight = true;
    try {
      do {
        c.again = false;
        try {
          const value = await loadRef.current();
          if (controller.current.generation !== generation) return;
          const isEqual = optionsRef.current.isEqual;
          setState(previous =>
            previous.value !== undefined &&
            !previous.error &&
            !previous.loading &&
            isEqual?.(previous.value, value)
              ? previous
              : { value, loading: false },
          );
        } catch (e) {
          if (controller.current.generation !== generation) return;
          setState(previous => ({
            value: previous.value,
            error: e as Error,
            loading: false,
          }));
        }
      } while (c.again && controller.current.generation === generation);
    } finally {
      c.inFlight = false;
    }
  }, []);

  useEffect(() => {
    controller.current = {
      generation: controller.current.generation + 1,
      inFlight: false,
      again: false,
    };
    setState({ loading: true });
    run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const channelsKey = options.channels.join('\n');
  useEffect(() => {
    if (!signalApi || !channelsKey) return undefined;
    const subscriptions = channelsKey
      .split('\n')
      .map(channel => signalApi.subscribe(channel, () => run()));
    const catchUp = setTimeout(() => run(), SUBSCRIBE_CATCH_UP_MS);
    return () => {
      clearTimeout(catchUp);
      subscriptions.forEach(s => s.unsubscribe());
    };
  }, [signalApi, channelsKey, run]);

  const live = options.isLive ? options.isLive(state.value) : true;
  const interval = signalApi
    ? options.resyncIntervalMs ?? SIGNALS_RESYNC_MS
    : options.fallbackIntervalMs ?? FALLBACK_POLL_MS;
  useEffect(() => {
    if (!live) return undefined;
    const timer = setInterval(() => run(), interval);
    return () => clearInterval(timer);
  }, [live, interval, run]);

  const replace = useCallback(
    (value: T) => setState({ value, loading: false }),
    [],
  );

  return {
    ...state,
    signalsAvailable: Boolean(signalApi),
    refresh: run,
    replace,
  };
}
