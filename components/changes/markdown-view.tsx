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

/**
 * Images are never loaded: a picture in a change would make every reader's
 * browser call whatever host the author chose (tracking, or a changed picture
 * after sign-off). They are shown as links, named by their alt text.
 */
function ImageAsLink({ src, alt }: { src?: string | Blob; alt?: string }) {
  const href = typeof src === 'string' ? src : undefined
  const label = `Image: ${alt?.trim() || href || 'untitled'}`
  return href ? (
    <a href={href} rel="noopener noreferrer nofollow" className="underline">
      {label}
    </a>
  ) : (
    <span>{label}</span>
  )
}

/** Plan text may be markdown. Raw HTML is never interpreted, and the output is sanitised on top. */
export function MarkdownView({ text, empty = 'Not provided.' }: { text: string; empty?: string }) {
  if (text.trim() === '') return <p className="italic text-slate-600">{empty}</p>
  return (
    <div className="markdown space-y-2 break-words [&_ol]:list-decimal [&_ol]:pl-6 [&_ul]:list-disc [&_ul]:pl-6 [&_code]:bg-slate-100 [&_pre]:overflow-x-auto [&_pre]:bg-slate-100 [&_pre]:p-2">
      <ReactMarkdown remarkPlugins={[remarkHtmlAsText]} rehypePlugins={[rehypeSanitize]} components={{ img: ImageAsLink }}>
        {text}
      </ReactMarkdown>
    </div>
  )
}
