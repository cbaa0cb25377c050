// Placeholder until the Temporal set-up lands (issue 2): starts nothing unless asked.
export default async function globalSetup(): Promise<void> {}
