// Runs in: renderer and main. How an interval level is named in CSV columns and reports: 0.8 -> "80", 0.975 -> "97.5".
export function percentName(level: number): string {
  return String(Math.round(level * 1000) / 10);
}
