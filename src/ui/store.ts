/**
 * A state container outside React: the reducer owns the state, views read it
 * with `useSyncExternalStore(store.subscribe, store.getSnapshot)`, line
 * renderers read it after each dispatch. Listeners run synchronously after
 * each dispatch that changed the state (a reducer returning the same object
 * means nothing changed, and nobody is woken).
 */
export interface Store<S, A> {
  getSnapshot(): S;
  subscribe(listener: () => void): () => void;
  dispatch(action: A): S;
  /** Several actions, one notification: a burst of log lines costs one render. */
  dispatchAll(actions: Iterable<A>): S;
}

export function createStore<S, A>(reducer: (state: S, action: A) => S, initial: S): Store<S, A> {
  let state = initial;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    dispatch(action) {
      const next = reducer(state, action);
      if (next !== state) {
        state = next;
        notify();
      }
      return state;
    },
    dispatchAll(actions) {
      const before = state;
      for (const action of actions) state = reducer(state, action);
      if (state !== before) notify();
      return state;
    },
  };
}
