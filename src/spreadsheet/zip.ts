// An .xlsx is a zip. Its central directory is read here, by hand, so that nothing is inflated
// before the archive has been sized up: a zip bomb or a million-row sheet is refused from the
// sizes it declares, and every part read is inflated by node:zlib with a hard ceiling on its
// output (the declared size), so an archive that lies about its sizes is refused as it inflates.
import { inflateRawSync } from 'node:zlib'

export interface ZipLimits {
  /** entries in the central directory (a workbook has a few dozen) */
  maxEntries: number
  /** the sum of every entry's declared uncompressed size */
  maxDeclaredBytes: number
  /** one part, inflated */
  maxPartBytes: number
  /** every part read, inflated, together */
  maxReadBytes: number
}

export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxDeclaredBytes: 256 * 2 ** 20,
  // the largest return the contract allows lays out in well under 16 MiB of sheet XML
  maxPartBytes: 24 * 2 ** 20,
  maxReadBytes: 48 * 2 ** 20,
}

/** The upload cannot be read as a zip archive within the limits: `detail` says why, for the filer. */
export class ZipRefused extends Error {
  constructor(detail: string, readonly kind: 'not-a-zip' | 'too-large' | 'encrypted' | 'corrupt') { super(detail) }
}

interface Entry { name: string; method: number; flags: number; compressedSize: number; size: number; localHeader: number }

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const EOCD_SIZE = 22

/** The end of central directory record: the last 22 bytes, unless an archive comment follows it. */
function findEndOfDirectory(buf: Buffer) {
  const last = buf.length - EOCD_SIZE
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (buf.readUInt32LE(at) === EOCD && at + EOCD_SIZE + buf.readUInt16LE(at + 20) === buf.length) return at
  }
  return -1
}

export class ZipArchive {
  private readonly entries = new Map<string, Entry>()
  private read = 0

  constructor(private readonly buf: Buffer, private readonly limits: ZipLimits = ZIP_LIMITS) {
    if (buf.length < EOCD_SIZE || buf.readUInt32LE(0) !== LOCAL) throw new ZipRefused('not a zip archive', 'not-a-zip')
    const end = findEndOfDirectory(buf)
    if (end < 0) throw new ZipRefused('not a zip archive (no central directory: the file may be cut short)', 'not-a-zip')
    const count = buf.readUInt16LE(end + 10)
    const size = buf.readUInt32LE(end + 12)
    const offset = buf.readUInt32LE(end + 16)
    // ZIP64 and split archives are never needed for a workbook of a return's size
    if (buf.readUInt16LE(end + 4) !== 0 || buf.readUInt16LE(end + 8) !== count || count === 0xffff || offset === 0xffffffff) {
      throw new ZipRefused('a split or ZIP64 archive, which no workbook of a return needs', 'too-large')
    }
    if (count > limits.maxEntries) throw new ZipRefused(`the archive has ${count} entries; a workbook has at most ${limits.maxEntries}`, 'too-large')
    if (offset + size > end) throw new ZipRefused('a corrupt zip archive (its directory points outside the file)', 'corrupt')
    let at = offset
    let declared = 0
    for (let i = 0; i < count; i++) {
      if (at + 46 > end || buf.readUInt32LE(at) !== CENTRAL) throw new ZipRefused('a corrupt zip archive (bad directory entry)', 'corrupt')
      const nameLength = buf.readUInt16LE(at + 28)
      const entry: Entry = {
        flags: buf.readUInt16LE(at + 8),
        method: buf.readUInt16LE(at + 10),
        compressedSize: buf.readUInt32LE(at + 20),
        size: buf.readUInt32LE(at + 24),
        localHeader: buf.readUInt32LE(at + 42),
        name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      }
      at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32)
      declared += entry.size
      if (declared > limits.maxDeclaredBytes) {
        throw new ZipRefused(`the archive unpacks to more than ${limits.maxDeclaredBytes / 2 ** 20} MiB; a workbook of a return is far smaller`, 'too-large')
      }
      // part names are case-insensitive (ECMA-376 part 2, 9.1.1.1); some writers lead with a slash
      const key = entry.name.replace(/^\//, '').toLowerCase()
      if (this.entries.has(key)) throw new ZipRefused(`the archive holds ${entry.name} twice`, 'corrupt')
      this.entries.set(key, entry)
    }
  }

  /** The entries' names as the archive spells them. */
  names() {
    return [...this.entries.values()].map((e) => e.name)
  }

  has(name: string) {
    return this.entries.has(name.toLowerCase())
  }

  /** The part's bytes, inflated; never more than it declared, nor past the archive's read budget. */
  part(name: string): Buffer {
    const entry = this.entries.get(name.toLowerCase())
    if (!entry) throw new ZipRefused(`the archive has no ${name}`, 'corrupt')
    if (entry.flags & 1) throw new ZipRefused('the workbook is encrypted: save it without a password', 'encrypted')
    if (entry.size > this.limits.maxPartBytes || this.read + entry.size > this.limits.maxReadBytes) {
      throw new ZipRefused(`${entry.name} unpacks to ${(entry.size / 2 ** 20).toFixed(1)} MiB, more than a return's workbook needs`, 'too-large')
    }
    const { buf } = this
    const local = entry.localHeader
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw new ZipRefused(`a corrupt zip archive (${entry.name} is not where its directory says)`, 'corrupt')
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    if (start + entry.compressedSize > buf.length) throw new ZipRefused(`a corrupt zip archive (${entry.name} is cut short)`, 'corrupt')
    const data = buf.subarray(start, start + entry.compressedSize)
    let out: Buffer
    if (entry.method === 0) {
      out = data
    } else if (entry.method === 8) {
      try {
        // the declared size is the ceiling: an entry that inflates past it is lying about itself
        out = inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1), chunkSize: Math.max(entry.size, 64) })
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new ZipRefused(`${entry.name} unpacks to more than the ${entry.size} bytes it declares`, 'too-large')
        }
        throw new ZipRefused(`a corrupt zip archive (${entry.name} does not inflate)`, 'corrupt')
      }
    } else {
      throw new ZipRefused(`${entry.name} is compressed with method ${entry.method}; a workbook uses deflate`, 'corrupt')
    }
    if (out.length !== entry.size) throw new ZipRefused(`a corrupt zip archive (${entry.name} is not the size it declares)`, 'corrupt')
    this.read += out.length
    return out
  }
}
