// Shared by the benchmarks: latency percentiles of a call, after one warm-up run.
export async function latency(label: string, runs: number, fn: () => Promise<unknown>) {
  await fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(1)
  return { label, p50: pct(50), p95: pct(95), max: times[times.length - 1].toFixed(1) }
}
