/** Reads one member's Prometheus text over HTTP (for members running as child processes). */

/** The value of an unlabelled metric in `GET /metrics` of the server at `httpUrl` (0 when absent). */
export async function scrapeMetric(httpUrl: string, name: string): Promise<number> {
  const response = await fetch(`${httpUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${httpUrl}/metrics answered ${response.status}`);
  const line = (await response.text()).split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}
