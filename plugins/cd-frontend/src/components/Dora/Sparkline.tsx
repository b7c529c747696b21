import { Line, LineChart, Tooltip, YAxis } from 'recharts';

/** A tiny trend line without axes; a missing bucket value is bridged, not drawn as zero. */
export function Sparkline<T extends object>({
  data,
  dataKey,
  label,
  color = '#1976d2',
  format,
}: {
  data: T[];
  dataKey: keyof T & string;
  label: string;
  color?: string;
  format: (value: number) => string;
}) {
  return (
    <div role="img" aria-label={`${label} trend`}>
      <LineChart width={140} height={36} data={data}>
        <YAxis hide domain={['auto', 'auto']} />
        <Tooltip
          formatter={value => format(Number(value))}
          labelFormatter={(_, payload) =>
            `week of ${String(
              (payload?.[0]?.payload as { start?: string })?.start ?? '',
            ).slice(0, 10)}`
          }
        />
        <Line
          type="monotone"
          dataKey={dataKey}
          name={label}
          stroke={color}
          strokeWidth={2}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
