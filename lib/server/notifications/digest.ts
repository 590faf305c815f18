import "server-only";
import { randomUUID } from "node:crypto";
import {
  composeDigest,
  digestDay,
  digestDue,
} from "@/lib/domain/notifications/digest";
import { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/server/db";
import { mailBaseUrl } from "./notify";

/**
 * Turns each digest reader's HELD messages into one QUEUED digest when it is
 * due. Idempotent: the digest's dedupeKey (reader and local day) is unique,
 * and the held messages move to DIGESTED in the same transaction, so a job
 * that runs twice, or on two instances, writes one digest.
 * Returns the new digests' ids, for the caller to enqueue.
 */
export async function buildDueDigests(now: Date): Promise<string[]> {
  const readers = await prisma.mailMessage.groupBy({
    by: ["recipientId"],
    where: { status: "HELD" },
    _min: { createdAt: true },
  });
  const created: string[] = [];
  for (const reader of readers) {
    const user = await prisma.user.findUnique({
      where: { id: reader.recipientId },
      select: { name: true, email: true, timeZone: true, active: true },
    });
    const oldest = reader._min.createdAt;
    if (!user || !oldest || !digestDue(now, user.timeZone, oldest)) continue;
    const id = randomUUID();
    const written = await prisma
      .$transaction(async (tx) => {
        const held = await tx.mailMessage.findMany({
          where: { recipientId: reader.recipientId, status: "HELD" },
          orderBy: { createdAt: "asc" },
          select: { id: true, subject: true, text: true },
        });
        const first = held[0];
        if (!first || !user.active) return false;
        const day = digestDay(now, user.timeZone);
        const dedupeKey = `digest:${reader.recipientId}:${day}:${first.id}`;
        if (
          await tx.mailMessage.findUnique({
            where: { dedupeKey },
            select: { id: true },
          })
        )
          return false;
        const mail = composeDigest({
          name: user.name,
          day,
          items: held,
          baseUrl: mailBaseUrl(),
        });
        await tx.mailMessage.create({
          data: {
            id,
            kind: "digest",
            recipientId: reader.recipientId,
            toAddress: user.email,
            dedupeKey,
            ...mail,
          },
        });
        await tx.mailMessage.updateMany({
          where: { id: { in: held.map((h) => h.id) } },
          data: { status: "DIGESTED" },
        });
        return true;
      })
      // Another instance wrote this digest a moment earlier (same dedupeKey): nothing left to do.
      .catch((error: unknown) => {
        if (
          error instanceof Prisma.PrismaClientKnownRequestError &&
          error.code === "P2002"
        )
          return false;
        throw error;
      });
    if (written) created.push(id);
  }
  return created;
}
