import os from 'node:os';

export interface WorkerHealth {
  host: string;
  pid: number;
  node: string;
}

export async function reportWorkerHealth(): Promise<WorkerHealth> {
  return { host: os.hostname(), pid: process.pid, node: process.version };
}
