import ReactMarkdown from 'react-markdown'
import rehypeSanitize from 'rehype-sanitize'

/**
 * Plan text may be markdown. Raw HTML is never interpreted (no rehype-raw: a
 * <script> shows as text) and the output is sanitised again on top.
 */
export function MarkdownView({ text, empty = 'Not provided.' }: { text: string; empty?: string }) {
  if (text.trim() === '') return <p className="italic text-slate-600">{empty}</p>
  return (
    <div className="markdown space-y-2 break-words [&_ol]:list-decimal [&_ol]:pl-6 [&_ul]:list-disc [&_ul]:pl-6 [&_code]:bg-slate-100 [&_pre]:overflow-x-auto [&_pre]:bg-slate-100 [&_pre]:p-2">
      <ReactMarkdown rehypePlugins={[rehypeSanitize]}>{text}</ReactMarkdown>
    </div>
  )
}
