import type { RunningSandbox } from '../../sandboxes/common/http';
import { startTestSandbox, TestClient } from './poweroffice-go-helpers';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

test('over 10 requests a second per subscription key gets 429 with the APIM body', async () => {
  sandbox = await startTestSandbox({ rateLimitPerSecond: 10 });
  const client = new TestClient(sandbox);
  await client.authenticate(); // the token call counts too
  const answers = await Promise.all(Array.from({ length: 12 }, () => client.call('GET', '/Customers')));
  const limited = answers.filter((answer) => answer.status === 429);
  expect(limited.length).toBeGreaterThanOrEqual(1);
  expect(answers.filter((answer) => answer.status === 204).length).toBeLessThanOrEqual(9);
  expect(limited[0]?.json).toEqual({
    statusCode: '429',
    message: expect.stringMatching(/^Rate limit is exceeded\. Try again in \d+ seconds\.$/),
  });
});

test('the faults rateLimit override replaces the limit at run time', async () => {
  sandbox = await startTestSandbox({ rateLimitPerSecond: 10 });
  const client = new TestClient(sandbox);
  await client.authenticate();
  const admin = sandbox.baseUrl.replace(/\/v2$/, '/__sandbox');
  await fetch(`${admin}/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rateLimit: 1000 }),
  });
  const answers = await Promise.all(Array.from({ length: 30 }, () => client.call('GET', '/Customers')));
  expect(answers.every((answer) => answer.status === 204)).toBe(true);
});

test('fault injection: errorRate 1 answers 5xx, dropRate 1 drops the connection', async () => {
  sandbox = await startTestSandbox({ faults: { errorRate: 1 } });
  const client = new TestClient(sandbox);
  const failed = await client.call('GET', '/Customers');
  expect(failed.status).toBeGreaterThanOrEqual(500);
  const admin = sandbox.baseUrl.replace(/\/v2$/, '/__sandbox');
  await fetch(`${admin}/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ errorRate: 0, dropRate: 1 }),
  });
  await expect(client.call('GET', '/Customers')).rejects.toThrow();
});
