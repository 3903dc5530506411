/**
 * A module fetched once, on first use, and remembered; a failed fetch (flaky
 * network) is forgotten so that the next use tries again.
 */
export interface Lazy<T> {
  load(): Promise<T>;
  /** The module if it has arrived already, so later renders need no extra update. */
  readonly loaded: T | undefined;
}

export function lazy<T>(importer: () => Promise<T>): Lazy<T> {
  let loading: Promise<T> | undefined;
  let loaded: T | undefined;
  return {
    load() {
      // Through a promise, so that an importer that throws (no known place for the file) rejects like a failed fetch.
      loading ??= Promise.resolve().then(importer).then(
        (module) => (loaded = module),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
    get loaded() {
      return loaded;
    },
  };
}
