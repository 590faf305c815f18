'use client'
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

// The metrics page's charts. Each is a picture of a table printed right
// beside it (the table is the accessible equivalent), so the chart is one
// labelled image and its parts are not separately focusable.

export type WeeklyPoint = { week: string; submitted: number; completed: number; failed: number; rolledBack: number }
export type SuccessBar = { label: string; successPercent: number; finished: number }

export function WeeklyTrendChart({ data, label }: { data: WeeklyPoint[]; label: string }) {
  return (
    <div role="img" aria-label={label} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="week" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip />
          <Legend />
          <Line type="monotone" dataKey="submitted" name="Submitted" stroke="#1e3a8a" strokeWidth={2} dot={false} />
          <Line type="monotone" dataKey="completed" name="Completed" stroke="#15803d" strokeWidth={2} strokeDasharray="6 3" dot={false} />
          <Line type="monotone" dataKey="failed" name="Failed" stroke="#b91c1c" strokeWidth={2} strokeDasharray="2 2" dot={false} />
          <Line type="monotone" dataKey="rolledBack" name="Rolled back" stroke="#a16207" strokeWidth={2} strokeDasharray="8 2 2 2" dot={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  )
}

export function SuccessBarChart({ data, label }: { data: SuccessBar[]; label: string }) {
  return (
    <div role="img" aria-label={label} className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" fontSize={12} />
          <YAxis domain={[0, 100]} unit=" %" fontSize={12} />
          <Tooltip />
          <Bar dataKey="successPercent" name="Success rate (%)" fill="#1e3a8a" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
