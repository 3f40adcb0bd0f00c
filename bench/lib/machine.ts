import { spawnSync } from 'node:child_process';
import { arch, cpus, platform, release, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  java: string;
}

export function describeMachine(): Machine {
  // `java -version` prints to stderr.
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    java: `${java.stderr ?? ''}${java.stdout ?? ''}`.split('\n')[0]?.trim() || 'unknown',
  };
}
