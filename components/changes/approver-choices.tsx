'use client'

import type { ChangeFormOptions } from './change-form'
import { Fieldset } from './form-bits'

type Props = { id: string; options: ChangeFormOptions; serviceIds: readonly string[]; chosen: readonly string[]; errors: string[] }

/**
 * Owners of the chosen services are always asked (shown ticked and fixed);
 * anyone else with the approver role can be nominated. The requester never
 * signs their own change, so they are listed but cannot be ticked.
 */
export function ApproverChoices({ id, options, serviceIds, chosen, errors }: Props) {
  const ownerOf = new Map<string, string[]>()
  for (const service of options.services) {
    if (!serviceIds.includes(service.id)) continue
    ownerOf.set(service.ownerId, [...(ownerOf.get(service.ownerId) ?? []), service.name])
  }
  const ownsOnly = [...ownerOf.keys()].every((ownerId) => ownerId === options.requesterId) && ownerOf.size > 0
  return (
    <Fieldset legend="Approvers" id={id} errors={errors}>
      <p className="mb-2 text-sm text-slate-600">
        Owners of the affected services are always asked. Tick anyone else who must sign off.
      </p>
      <ul className="grid gap-1 sm:grid-cols-2">
        {options.approvers.map((person) => {
          const owned = ownerOf.get(person.id)
          const isRequester = person.id === options.requesterId
          return (
            <li key={person.id}>
              <label className="inline-flex items-center gap-2">
                {isRequester ? (
                  <input type="checkbox" disabled checked={false} readOnly />
                ) : owned ? (
                  <input type="checkbox" disabled checked readOnly />
                ) : (
                  <input type="checkbox" name="approverIds" value={person.id} defaultChecked={chosen.includes(person.id)} />
                )}
                {person.name}
                {isRequester ? (
                  <span className="text-sm text-slate-600">(requester: cannot approve their own change)</span>
                ) : owned ? (
                  <span className="text-sm text-slate-600">(owner of {owned.join(', ')}: always asked)</span>
                ) : null}
              </label>
            </li>
          )
        })}
      </ul>
      {ownsOnly ? (
        <p className="mt-2 text-sm text-amber-900">
          You own every chosen service. Nominate another approver, or a change manager must name one, before the change can be submitted.
        </p>
      ) : null}
    </Fieldset>
  )
}
