-- CreateTable
CREATE TABLE "ChangeView" (
    "changeId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "firstViewedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeView_pkey" PRIMARY KEY ("changeId","userId","revision")
);

-- AddForeignKey
ALTER TABLE "ChangeView" ADD CONSTRAINT "ChangeView_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "ChangeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeView" ADD CONSTRAINT "ChangeView_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
