import { MessagePage } from '@/components/layout/message-page'

// Rendered with HTTP 403 by forbidden() from next/navigation (experimental.authInterrupts).
export default function Forbidden() {
  return (
    <MessagePage title="You do not have access to this page">
      <p>Your account does not hold the role this page needs. Ask an administrator if you think it should.</p>
    </MessagePage>
  )
}
