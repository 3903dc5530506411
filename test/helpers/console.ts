/** Console capture for "nothing secret is logged" checks. */

function describe(arg: unknown): string {
  if (arg instanceof Error) return `${arg.message} ${arg.stack}`;
  if (arg && typeof arg === 'object') {
    try {
      return JSON.stringify(arg);
    } catch {
      return String(arg);
    }
  }
  return String(arg);
}

/** Captures console output while installed; `restore()` puts the console back and returns what was written. */
export function spyConsole(): { output: string[]; restore(): void } {
  const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const output: string[] = [];
  const originals = new Map<string, (...args: unknown[]) => void>();
  for (const level of levels) {
    originals.set(level, console[level]);
    console[level] = (...args: unknown[]) => {
      output.push(args.map(describe).join(' '));
      originals.get(level)!.apply(console, args);
    };
  }
  return {
    output,
    restore() {
      for (const level of levels) console[level] = originals.get(level)!;
    },
  };
}
