import type { Metadata } from 'next'
import { TemplateForm } from '@/components/templates/template-form'
import { formatMinutesOfDay } from '@/lib/domain/template/template'
import { timeZoneOptions } from '@/lib/domain/time/zoned'
import { forbidIfCannot, requireActor } from '@/lib/server/authz'
import { loadChangeFormOptions } from '@/lib/server/change-requests/form-options'
import { getTemplateForProposal } from '@/lib/server/templates/list-templates'
import { proposeTemplateAction } from '../actions'

export const metadata: Metadata = { title: 'Propose a standard template' }

/** A new template, or (?from=<template id>) the next version of one, starting from the version in force. */
export default async function NewTemplatePage({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  const actor = await requireActor()
  forbidIfCannot(actor, 'template:propose')
  const { from } = await searchParams
  const options = await loadChangeFormOptions(actor)
  const base = from ? await getTemplateForProposal(actor, from) : null
  const values: Record<string, string | string[]> = base
    ? {
        templateId: from ?? '',
        name: base.name,
        ...Object.fromEntries(Object.entries(base.version).filter((e): e is [string, string] => typeof e[1] === 'string')),
        serviceIds: [...base.version.serviceIds],
        maxDurationMinutes: String(base.version.maxDurationMinutes),
        allowedWeekdays: base.version.allowedWeekdays.map(String),
        allowedFrom: base.version.allowedFromMinute === null ? '' : formatMinutesOfDay(base.version.allowedFromMinute),
        allowedUntil: base.version.allowedUntilMinute === null ? '' : formatMinutesOfDay(base.version.allowedUntilMinute),
      }
    : { timeZone: options.timeZone, maxDurationMinutes: '60' }
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{base ? `Propose a new version of ${base.name}` : 'Propose a standard template'}</h1>
      {base ? <p className="text-slate-700">The approved version stays in force until this one is approved.</p> : null}
      <TemplateForm action={proposeTemplateAction} services={options.services} timeZones={timeZoneOptions()} values={values} submitLabel="Propose for approval" />
    </div>
  )
}
