// Trend chart for the dashboard (Polaris Viz). Rendered only in the browser: the chart measures
// its container, which does not exist during server rendering.
import { useEffect, useState } from "react";
import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";

export interface TrendChartPoint {
  day: string;
  clicks: number;
  claims: number;
  orders: number;
}

export function DashboardTrendChart({ points }: { points: TrendChartPoint[] }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return <div style={{ height: 260 }} />;
  const series = (name: string, key: keyof Omit<TrendChartPoint, "day">) => ({ name, data: points.map((p) => ({ key: p.day, value: p[key] })) });
  return (
    <PolarisVizProvider>
      <div style={{ height: 260 }} data-testid="trend-chart">
        <LineChart theme="Light" data={[series("Link clicks", "clicks"), series("Claims", "claims"), series("Referred orders", "orders")]} />
      </div>
    </PolarisVizProvider>
  );
}
