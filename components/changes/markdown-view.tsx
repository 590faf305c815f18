import ReactMarkdown from 'react-markdown'
import rehypeSanitize from 'rehype-sanitize'

type MdNode = { type: string; value?: string; children?: MdNode[] }

/**
 * react-markdown silently drops raw HTML; we show it as the literal text the
 * author typed instead (so "<script>alert(1)</script>" is visible, never run).
 */
function remarkHtmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === 'html') node.type = 'text'
    node.children?.forEach(walk)
  }
  return (tree: MdNode) => walk(tree)
}

/** Plan text may be markdown. Raw HTML is never interpreted, and the output is sanitised on top. */
export function MarkdownView({ text, empty = 'Not provided.' }: { text: string; empty?: string }) {
  if (text.trim() === '') return <p className="italic text-slate-600">{empty}</p>
  return (
    <div className="markdown space-y-2 break-words [&_ol]:list-decimal [&_ol]:pl-6 [&_ul]:list-disc [&_ul]:pl-6 [&_code]:bg-slate-100 [&_pre]:overflow-x-auto [&_pre]:bg-slate-100 [&_pre]:p-2">
      <ReactMarkdown remarkPlugins={[remarkHtmlAsText]} rehypePlugins={[rehypeSanitize]}>
        {text}
      </ReactMarkdown>
    </div>
  )
}
