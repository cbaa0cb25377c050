export default async function globalTeardown(): Promise<void> {
  await globalThis.linkflowTestServer?.stop();
}
