import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { SuccessBarChart, WeeklyTrendChart } from '@/components/metrics/charts'
import { describeRate, type Rate } from '@/lib/domain/metrics/rate'
import type { Spread } from '@/lib/domain/metrics/percentile'
import { CHANGE_TYPES, RISK_LEVELS } from '@/lib/domain/shared/types'
import { formatInZone } from '@/lib/domain/time/zoned'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { isAppError } from '@/lib/server/errors'
import { loadMetrics } from '@/lib/server/metrics/load-metrics'
import { MINIMAL_STATEMENT_MAX_CHARS, type ApproverRow, type FlaggedDecision, type MetricsReport } from '@/lib/server/metrics/report'
import { ZMetricsInput, firstValues, type MetricsTable, type TMetricsInput } from '@/lib/server/metrics/schemas'
import { listServicesForApi } from '@/lib/server/services/manage-services'

export const metadata: Metadata = { title: 'Metrics' }

const SORTS = ['name', 'decisions', 'approvalRate', 'rejections', 'p50'] as const
type Sort = (typeof SORTS)[number]

/** "3 h 20 min", "45 s", "2 d 4 h"; "—" for no data. */
function duration(seconds: number | null): string {
  if (seconds === null) return '—'
  if (seconds < 120) return `${Math.round(seconds)} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 120) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h ${minutes % 60} min`
  return `${Math.floor(hours / 24)} d ${hours % 24} h`
}
const spreadText = (s: Spread) => (s.count === 0 ? 'no data' : `median ${duration(s.p50)}, 90th percentile ${duration(s.p90)} (${s.count})`)

function query(input: TMetricsInput, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ period: input.period, from: input.from, to: input.to, serviceId: input.serviceId, type: input.type, risk: input.risk, ...extra })) {
    if (value) params.set(key, value)
  }
  return params.toString()
}
/** The change list with what it can express of these filters (it filters by status, type and service; not by risk or by when the outcome fell). */
function listHref(report: MetricsReport, extra: Record<string, string | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ type: report.filters.type, serviceId: report.filters.serviceId, ...extra })) if (value) params.set(key, value)
  return `/changes?${params.toString()}`
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-4 rounded border border-slate-300 bg-white p-4">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  )
}
const linkClass = 'text-blue-800 underline underline-offset-2 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700'
const th = 'border-b border-slate-300 px-2 py-1 text-left font-semibold'
const td = 'border-b border-slate-200 px-2 py-1'

function ExportLink({ input, table }: { input: TMetricsInput; table: MetricsTable }) {
  return (
    <a className={linkClass} href={`/metrics/export?${query(input, { table })}`}>
      Download CSV
    </a>
  )
}

function RateCell({ rate, href }: { rate: Rate; href?: string }) {
  const text = describeRate(rate)
  return <td className={td}>{href && rate.denominator > 0 ? <Link className={linkClass} href={href}>{text}</Link> : text}</td>
}

function sortApprovers(rows: ApproverRow[], sort: Sort, dir: 'asc' | 'desc'): ApproverRow[] {
  const key = (r: ApproverRow): number | string =>
    sort === 'name' ? r.name.toLowerCase() : sort === 'decisions' ? r.decisions : sort === 'approvalRate' ? (r.approvalRate.value ?? -1) : sort === 'rejections' ? r.rejections : (r.timeToDecision.p50 ?? Number.MAX_VALUE)
  const sign = dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : a.name.localeCompare(b.name)))
}

export default async function MetricsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor()
  forbidIfCannot(actor, 'metrics:read')
  const raw = firstValues(await searchParams)
  const parsed = ZMetricsInput.safeParse(raw)
  const input: TMetricsInput = parsed.success ? parsed.data : ZMetricsInput.parse({})
  let problem = parsed.success ? null : 'Some filters were not understood, so the default period is shown.'
  let report: MetricsReport
  try {
    report = await loadMetrics(actor, input)
  } catch (error) {
    if (!isAppError(error) || error.code !== 'INVALID_INPUT') throw error
    problem = error.message
    report = await loadMetrics(actor, ZMetricsInput.parse({}))
  }
  const services = await listServicesForApi(actor)
  const sort: Sort = (SORTS as readonly string[]).includes(raw.sort ?? '') ? (raw.sort as Sort) : 'decisions'
  const dir = raw.dir === 'asc' ? 'asc' : 'desc'
  const approvers = sortApprovers(report.governance.approvers, sort, dir)
  const { outcomes, flow, governance, rubberStamp } = report
  const sortLink = (key: Sort, label: string) => {
    const active = sort === key
    const next = active && dir === 'desc' ? 'asc' : 'desc'
    return (
      <th className={th} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'} scope="col">
        <Link className={linkClass} href={`/metrics?${query(input, { sort: key, dir: next })}`}>
          {label}
          <span className="sr-only"> (sort {next === 'asc' ? 'ascending' : 'descending'})</span>
          {active ? <span aria-hidden="true">{dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
        </Link>
      </th>
    )
  }
  const weeklyData = report.weekly.map((w) => ({ week: w.weekStart.slice(0, 10), submitted: w.submitted, completed: w.completed, failed: w.failed, rolledBack: w.rolledBack }))

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Metrics</h1>
      <p className="max-w-3xl text-slate-700">
        The board&apos;s numbers for {report.period.label.toLowerCase()} ({report.period.from.slice(0, 10)} to {report.period.to.slice(0, 10)}, weeks in {report.period.timeZone}). Each figure counts the events that fell in
        the period: outcomes recorded, changes submitted and scheduled, decisions signed.
      </p>
      <p className="text-sm text-slate-700">
        Figures as of {formatInZone(new Date(report.computedAt), report.period.timeZone)}; everyone viewing this period shares them, and they are recomputed once they are five minutes old.
      </p>
      {problem ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          {problem}
        </p>
      ) : null}

      <form method="get" action="/metrics" className="flex flex-wrap items-end gap-4 rounded border border-slate-300 bg-white p-4">
        <label className="flex flex-col text-sm">
          Period
          <select name="period" defaultValue={input.period} className="rounded border border-slate-400 p-1">
            <option value="30">Last 30 days</option>
            <option value="90">Last 90 days</option>
            <option value="365">Last 365 days</option>
            <option value="custom">Custom dates</option>
          </select>
        </label>
        <label className="flex flex-col text-sm">
          From (custom)
          <input type="date" name="from" defaultValue={input.from ?? ''} className="rounded border border-slate-400 p-1" />
        </label>
        <label className="flex flex-col text-sm">
          To (custom)
          <input type="date" name="to" defaultValue={input.to ?? ''} className="rounded border border-slate-400 p-1" />
        </label>
        <label className="flex flex-col text-sm">
          Service
          <select name="serviceId" defaultValue={input.serviceId ?? ''} className="rounded border border-slate-400 p-1">
            <option value="">All services</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          Type
          <select name="type" defaultValue={input.type ?? ''} className="rounded border border-slate-400 p-1">
            <option value="">All types</option>
            {CHANGE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          Risk
          <select name="risk" defaultValue={input.risk ?? ''} className="rounded border border-slate-400 p-1">
            <option value="">All risk levels</option>
            {RISK_LEVELS.map((r) => (
              <option key={r} value={r}>
                {r.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-blue-900 px-3 py-1.5 text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700">
          Show
        </button>
      </form>

      <Section id="outcomes" title="Outcomes">
        <p>
          Success rate (completed against completed, failed and rolled back): <strong>{describeRate(outcomes.total.success)}</strong>. Follow-up changes raised:{' '}
          <strong>{outcomes.followUps}</strong>. Links open the change list with the filters it can express (status, type, service; not risk or the outcome&apos;s date).
        </p>
        <SuccessBarChart label="Bar chart of the success rate per risk level; the table below has the same figures." data={outcomes.byRisk.map((r) => ({ label: r.riskLevel.toLowerCase(), successPercent: r.success.value === null ? 0 : Math.round(r.success.value * 100), finished: r.success.denominator }))} />
        <table className="w-full text-sm">
          <caption className="text-left font-semibold">Outcomes by risk level</caption>
          <thead>
            <tr>
              <th className={th} scope="col">Risk</th>
              <th className={th} scope="col">Completed</th>
              <th className={th} scope="col">Failed</th>
              <th className={th} scope="col">Rolled back</th>
              <th className={th} scope="col">Success rate</th>
            </tr>
          </thead>
          <tbody>
            {outcomes.byRisk.map((r) => (
              <tr key={r.riskLevel}>
                <th className={td} scope="row">{r.riskLevel.toLowerCase()}</th>
                <td className={td}>{r.completed}</td>
                <td className={td}>{r.failed}</td>
                <td className={td}>{r.rolledBack}</td>
                <td className={td}>{describeRate(r.success)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ExportLink input={input} table="outcomes-by-risk" />
        <table className="w-full text-sm">
          <caption className="text-left font-semibold">Outcomes by type</caption>
          <thead>
            <tr>
              <th className={th} scope="col">Type</th>
              <th className={th} scope="col">Completed</th>
              <th className={th} scope="col">Failed</th>
              <th className={th} scope="col">Rolled back</th>
              <th className={th} scope="col">Success rate</th>
            </tr>
          </thead>
          <tbody>
            {outcomes.byType.map((r) => (
              <tr key={r.type}>
                <th className={td} scope="row">{r.type.toLowerCase()}</th>
                <td className={td}>{r.completed > 0 ? <Link className={linkClass} href={listHref(report, { status: 'COMPLETED', type: r.type })}>{r.completed}</Link> : 0}</td>
                <td className={td}>{r.failed > 0 ? <Link className={linkClass} href={listHref(report, { status: 'FAILED', type: r.type })}>{r.failed}</Link> : 0}</td>
                <td className={td}>{r.rolledBack > 0 ? <Link className={linkClass} href={listHref(report, { status: 'ROLLED_BACK', type: r.type })}>{r.rolledBack}</Link> : 0}</td>
                <td className={td}>{describeRate(r.success)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ExportLink input={input} table="outcomes-by-type" />
        <SuccessBarChart label="Bar chart of the success rate per service; the table below has the same figures." data={outcomes.byService.map((r) => ({ label: r.serviceName, successPercent: r.success.value === null ? 0 : Math.round(r.success.value * 100), finished: r.success.denominator }))} />
        <table className="w-full text-sm">
          <caption className="text-left font-semibold">Outcomes by service (the 25 busiest)</caption>
          <thead>
            <tr>
              <th className={th} scope="col">Service</th>
              <th className={th} scope="col">Completed</th>
              <th className={th} scope="col">Failed</th>
              <th className={th} scope="col">Rolled back</th>
              <th className={th} scope="col">Success rate</th>
            </tr>
          </thead>
          <tbody>
            {outcomes.byService.map((r) => (
              <tr key={r.serviceId}>
                <th className={td} scope="row">{r.serviceName}</th>
                <td className={td}>{r.completed}</td>
                <td className={td}>{r.failed}</td>
                <td className={td}>{r.rolledBack}</td>
                <RateCell rate={r.success} href={listHref(report, { serviceId: r.serviceId })} />
              </tr>
            ))}
          </tbody>
        </table>
        <ExportLink input={input} table="outcomes-by-service" />
        <p>
          Changes filed from standard templates: {outcomes.fromTemplates.completed} completed, {outcomes.fromTemplates.failed} failed,{' '}
          {outcomes.fromTemplates.rolledBack} rolled back; success {describeRate(outcomes.fromTemplates.success)} (each failure or rollback
          suspends its template until a change manager reviews it).
        </p>
      </Section>

      <Section id="flow" title="Flow">
        <ul className="list-disc pl-6">
          <li>Lead time from submission to scheduled: {spreadText(flow.leadTimeToScheduled)}.</li>
          <li>Lead time from submission to completed: {spreadText(flow.leadTimeToCompleted)}.</li>
          <li>
            Waiting for sign-off now:{' '}
            <Link className={linkClass} href={listHref(report, { status: 'SUBMITTED' })}>
              {flow.waiting.count} changes
            </Link>
            ; age {spreadText(flow.waiting.ages)}.
          </li>
          <li>Scheduled with no human wait (standard changes scheduled by their own requester): {describeRate(flow.noHumanWait)}.</li>
        </ul>
        <WeeklyTrendChart label="Line chart of changes submitted, completed, failed and rolled back per week; the table below has the same figures." data={weeklyData} />
        <table className="w-full text-sm">
          <caption className="text-left font-semibold">Per week (weeks start on Monday)</caption>
          <thead>
            <tr>
              <th className={th} scope="col">Week of</th>
              <th className={th} scope="col">Submitted</th>
              <th className={th} scope="col">Completed</th>
              <th className={th} scope="col">Failed</th>
              <th className={th} scope="col">Rolled back</th>
            </tr>
          </thead>
          <tbody>
            {weeklyData.map((w) => (
              <tr key={w.week}>
                <th className={td} scope="row">{w.week}</th>
                <td className={td}>{w.submitted}</td>
                <td className={td}>{w.completed}</td>
                <td className={td}>{w.failed}</td>
                <td className={td}>{w.rolledBack}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ExportLink input={input} table="weekly" />
        <table className="w-full text-sm">
          <caption className="text-left font-semibold">Longest waiting for sign-off</caption>
          <thead>
            <tr>
              <th className={th} scope="col">Change</th>
              <th className={th} scope="col">Type</th>
              <th className={th} scope="col">Risk</th>
              <th className={th} scope="col">Waiting</th>
            </tr>
          </thead>
          <tbody>
            {flow.waiting.oldest.map((w) => (
              <tr key={w.id}>
                <th className={td} scope="row">
                  <Link className={linkClass} href={`/changes/${w.id}`}>
                    {w.number} {w.title}
                  </Link>
                </th>
                <td className={td}>{w.type.toLowerCase()}</td>
                <td className={td}>{w.riskLevel.toLowerCase()}</td>
                <td className={td}>{duration(w.waitingSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ExportLink input={input} table="waiting" />
        <p className="text-sm text-slate-700">
          Time to decision per board: see{' '}
          <a className={linkClass} href="#groups-table">
            Decisions per approver group
          </a>{' '}
          under Governance.
        </p>
      </Section>

      <Section id="governance" title="Governance">
        <ul className="list-disc pl-6">
          <li>Decisions signed: {governance.decisions}; with a statement at the minimum (at most {MINIMAL_STATEMENT_MAX_CHARS} characters): {describeRate(governance.minimalStatements)}.</li>
          <li>Reading time, from the signer&apos;s first view of the revision to the decision: {spreadText(governance.readingTime)}, of {governance.decisions} decisions (only those whose view was recorded count).</li>
          <li>
            Emergency share of changes submitted:{' '}
            <Link className={linkClass} href={listHref(report, { type: 'EMERGENCY' })}>
              {describeRate(governance.emergency)}
            </Link>
            .
          </li>
          <li>
            Emergency changes overdue for their retrospective review (due {governance.emergencyOverdueReview.reviewDueDays} days after the outcome, or after the window’s end if earlier; not reviewed): {governance.emergencyOverdueReview.count}
            {governance.emergencyOverdueReview.changes.length > 0 ? ': ' : '.'}
            {governance.emergencyOverdueReview.changes.map((c, i) => (
              <span key={c.id}>
                {i > 0 ? ', ' : ''}
                <Link className={linkClass} href={`/changes/${c.id}`}>
                  {c.number}
                </Link>
              </span>
            ))}
          </li>
          <li>Freeze exceptions granted: {governance.freezeExceptions.total} ({governance.freezeExceptions.hard} HARD, {governance.freezeExceptions.soft} SOFT).</li>
          <li>Changes unscheduled by freezes: {governance.unscheduledByFreezes.changes}.</li>
          <li>
            Deployments reported through the API without an authorising change (refused with 409): {governance.refusedDeployments.reports}, on {governance.refusedDeployments.changes}{' '}
            {governance.refusedDeployments.changes === 1 ? 'change' : 'changes'}.
          </li>
        </ul>
        <ExportLink input={input} table="governance" />
        <table className="w-full text-sm">
          <caption className="text-left font-semibold">Decisions per approver (choose a column heading to sort)</caption>
          <thead>
            <tr>
              {sortLink('name', 'Approver')}
              {sortLink('decisions', 'Decisions')}
              {sortLink('approvalRate', 'Approval rate')}
              {sortLink('rejections', 'Rejections')}
              <th className={th} scope="col">Minimal statements</th>
              {sortLink('p50', 'Median time to decision')}
              <th className={th} scope="col">90th percentile</th>
              <th className={th} scope="col">Rubber-stamp signal</th>
            </tr>
          </thead>
          <tbody>
            {approvers.map((a) => (
              <tr key={a.approverId}>
                <th className={td} scope="row">{a.name}</th>
                <td className={td}>{a.decisions}</td>
                <td className={td}>{describeRate(a.approvalRate)}</td>
                <td className={td}>{a.rejections}</td>
                <td className={td}>{a.minimalStatements}</td>
                <td className={td}>{duration(a.timeToDecision.p50)}</td>
                <td className={td}>{duration(a.timeToDecision.p90)}</td>
                <td className={td}>{a.flagged ? <a className={linkClass} href={`#flag-${a.approverId}`}>⚑ Flagged: look at the decisions</a> : 'Not flagged'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ExportLink input={input} table="approvers" />
        <table id="groups-table" className="w-full text-sm">
          <caption className="text-left font-semibold">Decisions per approver group (the decisions of its members today)</caption>
          <thead>
            <tr>
              <th className={th} scope="col">Group</th>
              <th className={th} scope="col">Members</th>
              <th className={th} scope="col">Decisions</th>
              <th className={th} scope="col">Approval rate</th>
              <th className={th} scope="col">Rejections</th>
              <th className={th} scope="col">Median time to decision</th>
              <th className={th} scope="col">90th percentile</th>
              <th className={th} scope="col">Rubber-stamp signal</th>
            </tr>
          </thead>
          <tbody>
            {governance.groups.length === 0 ? (
              <tr>
                <td className={td} colSpan={8}>
                  No approver group&apos;s members decided anything in this period.
                </td>
              </tr>
            ) : (
              governance.groups.map((g) => (
                <tr key={g.groupId}>
                  <th className={td} scope="row">{g.name}</th>
                  <td className={td}>{g.members}</td>
                  <td className={td}>{g.decisions}</td>
                  <td className={td}>{describeRate(g.approvalRate)}</td>
                  <td className={td}>{g.rejections}</td>
                  <td className={td}>{duration(g.timeToDecision.p50)}</td>
                  <td className={td}>{duration(g.timeToDecision.p90)}</td>
                  <td className={td}>{g.flagged ? <a className={linkClass} href={`#flag-group-${g.groupId}`}>⚑ Flagged: look at the decisions</a> : 'Not flagged'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <ExportLink input={input} table="groups" />
      </Section>

      <Section id="rubber-stamp" title="The rubber-stamp signal">
        <p>
          An approver who approves more than {Math.round(rubberStamp.rule.approvalShareAbove * 100)} % of at least {rubberStamp.rule.minDecisions} decisions in the period, with a median time to decision under{' '}
          {rubberStamp.rule.medianSecondsBelow / 60} minutes, is flagged. <strong>The flag is a prompt to look at the decisions, not an accusation:</strong> quick approvals of well-prepared routine changes are
          normal; read the decisions before drawing a conclusion.
        </p>
        {rubberStamp.flagged.length + rubberStamp.flaggedGroups.length === 0 ? (
          <p>Nobody is flagged in this period.</p>
        ) : (
          <>
            {rubberStamp.flagged.map((f) => (
              <FlagDetails key={f.approverId} id={`flag-${f.approverId}`} title={f.name} reason={f.reason} shown={f.shown} />
            ))}
            {rubberStamp.flaggedGroups.map((g) => (
              <FlagDetails key={g.groupId} id={`flag-group-${g.groupId}`} title={`${g.name} (approver group)`} reason={g.reason} shown={g.shown} />
            ))}
          </>
        )}
        <ExportLink input={input} table="flagged-decisions" />
        <p className="text-sm text-slate-700">An approver group is flagged by the same rule over its members&apos; decisions.</p>
      </Section>
    </div>
  )
}

/** One rubber-stamp flag with the decisions behind it (an approver's, or an approver group's members'). */
function FlagDetails({ id, title, reason, shown }: { id: string; title: string; reason: string; shown: FlaggedDecision[] }) {
  return (
    <div id={id} className="space-y-2">
      <h3 className="font-semibold">
        ⚑ {title}: {reason}
      </h3>
      <table className="w-full text-sm">
        <caption className="text-left">The latest {shown.length} decisions behind the flag</caption>
        <thead>
          <tr>
            <th className={th} scope="col">Change</th>
            <th className={th} scope="col">Decision</th>
            <th className={th} scope="col">Signed</th>
            <th className={th} scope="col">Time to decision</th>
            <th className={th} scope="col">Statement</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((d) => (
            <tr key={`${d.id}-${d.signedAt}`}>
              <th className={td} scope="row">
                <Link className={linkClass} href={`/changes/${d.id}`}>
                  {d.number} {d.title}
                </Link>
              </th>
              <td className={td}>{d.decision === 'APPROVED' ? 'Approved' : 'Rejected'}</td>
              <td className={td}>{d.signedAt.slice(0, 16).replace('T', ' ')} UTC</td>
              <td className={td}>{duration(d.seconds)}</td>
              <td className={td}>{d.statement}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
