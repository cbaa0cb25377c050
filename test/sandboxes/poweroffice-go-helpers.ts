/** A minimal PowerOffice GO client for the sandbox tests: token, then JSON calls with the subscription key. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningSandbox } from '../../sandboxes/common/http';
import { startPowerOfficeSandbox, type PowerOfficeSandboxOptions } from '../../sandboxes/poweroffice-go';

export function tempDataFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-po-')), 'poweroffice.sqlite');
}

export async function startTestSandbox(options: Partial<PowerOfficeSandboxOptions> = {}): Promise<RunningSandbox> {
  return startPowerOfficeSandbox({ port: 0, dataFile: tempDataFile(), rateLimitPerSecond: 10_000, ...options });
}

export interface Answer {
  status: number;
  text: string;
  json: unknown;
  headers: Headers;
}

export class TestClient {
  private token: string | undefined;

  constructor(private readonly sandbox: RunningSandbox) {}

  get subscriptionKey(): string {
    return this.sandbox.credentials.subscriptionKey ?? '';
  }

  async requestToken(
    applicationKey = this.sandbox.credentials.applicationKey,
    clientKey = this.sandbox.credentials.clientKey,
  ): Promise<Answer> {
    const response = await fetch(String(this.sandbox.settings.tokenUrl), {
      method: 'POST',
      headers: {
        'Ocp-Apim-Subscription-Key': this.subscriptionKey,
        Authorization: `Basic ${Buffer.from(`${applicationKey}:${clientKey}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
      body: 'grant_type=client_credentials',
    });
    return answer(response);
  }

  async authenticate(): Promise<void> {
    const token = await this.requestToken();
    const body = token.json as { access_token?: string };
    if (token.status !== 200 || !body.access_token)
      throw new Error(`token request failed: ${token.status} ${token.text}`);
    this.token = body.access_token;
  }

  async call(
    method: string,
    pathAndQuery: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(`${this.sandbox.baseUrl}${pathAndQuery}`, {
      method,
      headers: {
        'Ocp-Apim-Subscription-Key': this.subscriptionKey,
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined
          ? { 'Content-Type': method === 'PATCH' ? 'application/json-patch+json' : 'application/json' }
          : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return answer(response);
  }
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, headers: response.headers };
}
