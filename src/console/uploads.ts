// Uploads (a return as JSON or as the spreadsheet template, accounts as iXBRL): forms posted as
// multipart/form-data, which works with scripts off. Taken only in the scopes that call
// `acceptUploads`, each up to its own limit (the API's for the same document). The form's fields
// and its one file become the body before the CSRF check (forms.ts reads `_csrf` from it), so a
// post without the token is refused as every other form's is, before anything is filed.
import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'

/** The file a form sent: its name as the browser gave it, and its bytes (none when too large). */
export interface UploadedFile { filename: string; bytes: Buffer; tooLarge: boolean }

/** A form's upload by its field name; none when no file was chosen. */
export const fileOf = (body: unknown, name: string): UploadedFile | undefined => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined
  return value && typeof value === 'object' && 'bytes' in value ? value as UploadedFile : undefined
}

/** Bytes as people say them: 10 MB, 20 MB. */
export const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} MB` : `${Math.floor(bytes / 1024)} KB`)

/** Takes multipart forms in this scope: a few short fields and one file of up to `fileSize` bytes. */
export async function acceptUploads(app: FastifyInstance, fileSize: number) {
  const limits = { fields: 10, fieldSize: 8 * 1024, fieldNameSize: 100, files: 1, parts: 11, headerPairs: 100, fileSize }
  await app.register(multipart, { limits, throwFileSizeLimit: false })
  app.addHook('preValidation', async (req) => {
    if (!req.isMultipart()) return
    const body: Record<string, string | UploadedFile> = Object.create(null)
    for await (const part of req.parts({ limits })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer()
        const tooLarge = part.file.truncated
        // A file input left empty still sends a part: no name, no bytes.
        if (part.filename || bytes.length) body[part.fieldname] = { filename: part.filename, bytes: tooLarge ? Buffer.alloc(0) : bytes, tooLarge }
        // The rest of an oversized upload is not worth reading: the form says what was wrong.
        if (tooLarge) break
      } else if (typeof part.value === 'string' && !(part.fieldname in body)) {
        body[part.fieldname] = part.value
      }
    }
    req.body = body
  })
}
