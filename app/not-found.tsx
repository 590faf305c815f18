import { MessagePage } from '@/components/layout/message-page'

export default function NotFound() {
  return (
    <MessagePage title="Page not found">
      <p>There is nothing at this address. It may have been moved, or the link may be mistyped.</p>
    </MessagePage>
  )
}
