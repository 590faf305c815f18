// Issue 8, item 3: service owners are replaced (with a reason), never removed,
// and an inactive owner blocks submission instead of being dropped silently.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { submitChange } from "@/lib/server/change-requests/submit-change";
import { updateChange } from '@/lib/server/change-requests/update-change'
import {
  ZRemoveApproverInput,
  ZReplaceOwnerInput,
} from "@/lib/server/sign-offs/schemas";
import { removeApprover, replaceOwner } from "@/lib/server/sign-offs/manage-approvers";
import { createService, createUser } from "@/tests/factories";
import { createSubmittedChange, signOff } from "@/tests/factories/sign-offs";
import { actorWith, formFields } from "./change-requests-support";

const REASON = "Avery is on parental leave until March; Dee covers Payments.";

async function world() {
  const requester = await actorWith(["REQUESTER"]);
  const manager = await actorWith(["CHANGE_MANAGER"]);
  const avery = await actorWith(["APPROVER"]);
  const blake = await actorWith(["APPROVER"]);
  const dee = await actorWith(["APPROVER"]);
  const payments = await createService({ ownerId: avery.id });
  const queue = await createService({ ownerId: blake.id });
  return { requester, manager, avery, blake, dee, payments, queue };
}

const approversOf = async (changeId: string) =>
  (
    await prisma.changeApprover.findMany({
      where: { changeId },
      select: { userId: true, source: true },
    })
  )
    .map((a) => [a.userId, a.source])
    .sort();

describe("removing a service owner", () => {
  it("is refused even for a change manager who did not raise the change: owners are replaced, not removed", async () => {
    const w = await world();
    const change = await createSubmittedChange(prisma, {
      requesterId: w.requester.id,
      serviceIds: [w.payments.id],
      nominatedIds: [w.dee.id],
    });
    await expect(
      removeApprover(
        w.manager,
        ZRemoveApproverInput.parse({
          changeId: change.id,
          userId: w.avery.id,
          reason: REASON,
        }),
      ),
    ).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: {
        fieldErrors: { userId: [expect.stringMatching(/only replaced/)] },
      },
    });
    // A nominee can still be removed.
    await removeApprover(
      w.manager,
      ZRemoveApproverInput.parse({
        changeId: change.id,
        userId: w.dee.id,
        reason: REASON,
      }),
    );
    expect(await approversOf(change.id)).toEqual([
      [w.avery.id, "SERVICE_OWNER"],
    ]);
  });
});

describe("replacing a service owner", () => {
  it("requires a written reason", () => {
    const input = {
      changeId: crypto.randomUUID(),
      ownerId: crypto.randomUUID(),
      replacementId: crypto.randomUUID(),
    };
    expect(ZReplaceOwnerInput.safeParse({ ...input, reason: "" }).success).toBe(
      false,
    );
    expect(
      ZReplaceOwnerInput.safeParse({ ...input, reason: "leave" }).error
        ?.issues[0]?.path,
    ).toEqual(["reason"]);
    expect(
      ZReplaceOwnerInput.safeParse({ ...input, reason: REASON }).success,
    ).toBe(true);
  });

  it("makes the replacement a required approver and not the owner, audited with the reason, and it survives later edits", async () => {
    const w = await world();
    const draft = await submitChange(w.requester, {
      fields: formFields({ serviceIds: [w.payments.id, w.queue.id] }),
    });
    await replaceOwner(
      w.manager,
      ZReplaceOwnerInput.parse({
        changeId: draft.id,
        ownerId: w.avery.id,
        replacementId: w.dee.id,
        reason: REASON,
      }),
    );
    expect(await approversOf(draft.id)).toEqual(
      [
        [w.blake.id, "SERVICE_OWNER"],
        [w.dee.id, "SERVICE_OWNER"],
      ].sort(),
    );
    expect(
      await prisma.auditEvent.findFirst({
        where: { changeId: draft.id, action: "approver.replaced" },
      }),
    ).toMatchObject({
      actorId: w.manager.id,
      details: {
        ownerId: w.avery.id,
        ownerName: w.avery.name,
        userId: w.dee.id,
        name: w.dee.name,
        reason: REASON,
        serviceNames: [w.payments.name],
      },
    });
    expect(
      await prisma.notification.count({
        where: { userId: w.dee.id, changeId: draft.id },
      }),
    ).toBe(1);

    // A material edit that drops Payments and then one that adds it back: Avery is not re-added, Dee returns.
    const row = () =>
      prisma.changeRequest.findUniqueOrThrow({ where: { id: draft.id } });
    await updateChange(
      w.requester,
      { changeId: draft.id, version: (await row()).version },
      formFields({
        serviceIds: [w.queue.id],
        purpose: "Purpose: narrowed to the queue only, for the board.",
      }),
    );
    expect(await approversOf(draft.id)).toEqual([
      [w.blake.id, "SERVICE_OWNER"],
    ]);
    await updateChange(
      w.requester,
      { changeId: draft.id, version: (await row()).version },
      formFields({ serviceIds: [w.payments.id, w.queue.id] }),
    );
    expect(await approversOf(draft.id)).toEqual(
      [
        [w.blake.id, "SERVICE_OWNER"],
        [w.dee.id, "SERVICE_OWNER"],
      ].sort(),
    );
  });

  it("the replacement holds the owner’s seat: removing them as an approver is refused", async () => {
    const w = await world();
    const change = await createSubmittedChange(prisma, {
      requesterId: w.requester.id,
      serviceIds: [w.payments.id, w.queue.id],
    });
    await signOff(prisma, {
      changeId: change.id,
      approverId: w.blake.id,
      revisionNumber: 1,
      fingerprint: change.fingerprint,
    });
    await expect(
      replaceOwner(w.manager, {
        changeId: change.id,
        ownerId: w.avery.id,
        replacementId: w.dee.id,
        reason: REASON,
      }),
    ).resolves.toEqual({ status: "SUBMITTED" });
    await signOff(prisma, {
      changeId: change.id,
      approverId: w.dee.id,
      revisionNumber: 1,
      fingerprint: change.fingerprint,
    });
    // Dee's place cannot be emptied by removing her: she holds the owner's seat.
    await expect(
      removeApprover(w.manager, {
        changeId: change.id,
        userId: w.dee.id,
        reason: REASON,
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("never makes the requester the replacement, nor lets the requester replace", async () => {
    const w = await world();
    const managerRequester = await actorWith(["CHANGE_MANAGER", "REQUESTER"]);
    const own = await createSubmittedChange(prisma, {
      requesterId: managerRequester.id,
      serviceIds: [w.payments.id],
    });
    await expect(
      replaceOwner(managerRequester, {
        changeId: own.id,
        ownerId: w.avery.id,
        replacementId: w.dee.id,
        reason: REASON,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      replaceOwner(w.manager, {
        changeId: own.id,
        ownerId: w.avery.id,
        replacementId: managerRequester.id,
        reason: REASON,
      }),
    ).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: {
        fieldErrors: { replacementId: [expect.stringMatching(/requester/)] },
      },
    });
    expect(await approversOf(own.id)).toEqual([[w.avery.id, "SERVICE_OWNER"]]);
    expect(
      await prisma.ownerReplacement.count({ where: { changeId: own.id } }),
    ).toBe(0);
  });

  it("refuses someone who is not the owner of an affected service, and a replacement who cannot sign", async () => {
    const w = await world();
    const change = await createSubmittedChange(prisma, {
      requesterId: w.requester.id,
      serviceIds: [w.payments.id],
    });
    await expect(
      replaceOwner(w.manager, {
        changeId: change.id,
        ownerId: w.blake.id,
        replacementId: w.dee.id,
        reason: REASON,
      }),
    ).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fieldErrors: { ownerId: [expect.any(String)] } },
    });
    const plainRequester = await actorWith(["REQUESTER"]);
    await expect(
      replaceOwner(w.manager, {
        changeId: change.id,
        ownerId: w.avery.id,
        replacementId: plainRequester.id,
        reason: REASON,
      }),
    ).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { fieldErrors: { replacementId: [expect.any(String)] } },
    });
  });
});

describe("an inactive service owner", () => {
  it("blocks submission with a message naming the service, until the owner is replaced", async () => {
    const w = await world();
    const gone = await createUser({
      roles: ["APPROVER"],
      active: false,
      name: "Gwen Gone",
    });
    const ledger = await createService({ ownerId: w.avery.id });
    await prisma.service.update({
      where: { id: ledger.id },
      data: { ownerId: gone.id },
    });
    const draft = await submitChange(w.requester, {
      fields: formFields({ serviceIds: [ledger.id, w.queue.id] }),
    }).catch((error: unknown) => error);
    expect(draft).toMatchObject({
      code: "INVALID_INPUT",
      details: {
        fieldErrors: {
          serviceIds: [
            expect.stringContaining(
              `${ledger.name}: its owner Gwen Gone is inactive`,
            ),
          ],
        },
      },
    });
    // Nothing was left behind by the refused submit of a new change.
    expect(
      await prisma.changeRequest.count({
        where: { requesterId: w.requester.id },
      }),
    ).toBe(0);

    // Saved as a draft, replaced by a change manager, then it submits, asking Dee instead.
    const { createDraftChange } =
      await import("@/lib/server/change-requests/create-change");
    const saved = await createDraftChange(
      w.requester,
      formFields({ serviceIds: [ledger.id, w.queue.id] }),
    );
    await expect(
      submitChange(w.requester, {
        ref: { changeId: saved.id, version: saved.version },
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await replaceOwner(w.manager, {
      changeId: saved.id,
      ownerId: gone.id,
      replacementId: w.dee.id,
      reason: "Gwen left the company; Dee now runs the ledger.",
    });
    const version = (
      await prisma.changeRequest.findUniqueOrThrow({ where: { id: saved.id } })
    ).version;
    const submitted = await submitChange(w.requester, {
      ref: { changeId: saved.id, version },
    });
    expect([...submitted.approverIds].sort()).toEqual(
      [w.blake.id, w.dee.id].sort(),
    );
  });

  it("blocks a revision of a submitted change too, rather than dropping the owner", async () => {
    const w = await world();
    const change = await createSubmittedChange(prisma, {
      requesterId: w.requester.id,
      serviceIds: [w.payments.id],
    });
    await prisma.user.update({
      where: { id: w.avery.id },
      data: { active: false },
    });
    const row = await prisma.changeRequest.findUniqueOrThrow({
      where: { id: change.id },
    });
    await expect(
      updateChange(
        w.requester,
        { changeId: change.id, version: row.version },
        formFields({ serviceIds: [w.payments.id] }),
      ),
    ).rejects.toMatchObject({
      details: {
        fieldErrors: {
          serviceIds: [
            expect.stringContaining(`${w.payments.name}: its owner`),
          ],
        },
      },
    });
    expect(await approversOf(change.id)).toEqual([
      [w.avery.id, "SERVICE_OWNER"],
    ]);
  });
});
