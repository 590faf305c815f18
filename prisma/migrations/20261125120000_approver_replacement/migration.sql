-- CreateTable
CREATE TABLE "OwnerReplacement" (
    "changeId" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "replacementId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "replacedById" UUID NOT NULL,
    "replacedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OwnerReplacement_pkey" PRIMARY KEY ("changeId","ownerId")
);

-- CreateIndex
CREATE INDEX "OwnerReplacement_replacementId_idx" ON "OwnerReplacement"("replacementId");

-- AddForeignKey
ALTER TABLE "OwnerReplacement" ADD CONSTRAINT "OwnerReplacement_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OwnerReplacement" ADD CONSTRAINT "OwnerReplacement_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OwnerReplacement" ADD CONSTRAINT "OwnerReplacement_replacementId_fkey" FOREIGN KEY ("replacementId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OwnerReplacement" ADD CONSTRAINT "OwnerReplacement_replacedById_fkey" FOREIGN KEY ("replacedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
