/** `--name value`, `--name=value` and bare `--flag` options of a bench script. */
export function parseArgs(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) options.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) options.set(name, argv[++i]!);
    else options.set(name, 'true');
  }
  return options;
}

export function intOption(options: Map<string, string>, name: string, fallback: number): number {
  const text = options.get(name);
  if (text === undefined) return fallback;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, not ${text}`);
  return value;
}

export function listOption(options: Map<string, string>, name: string, fallback: number[]): number[] {
  const text = options.get(name);
  if (text === undefined) return fallback;
  const values = text.split(',').map(Number);
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`--${name} takes positive integers separated by commas, not ${text}`);
  return values;
}
