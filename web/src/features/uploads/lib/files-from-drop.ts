// Dropped items may be folders: walk them (the File System API of drag and drop) into files.
export type PickedFile = { file: File; path: string };

type Entry = FileSystemEntry;

function isFile(entry: Entry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectory(entry: Entry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Every entry of a directory: readEntries answers in batches until it returns none. */
async function childrenOf(directory: FileSystemDirectoryEntry): Promise<Entry[]> {
  const reader = directory.createReader();
  const children: Entry[] = [];
  for (;;) {
    const batch = await new Promise<Entry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return children;
    children.push(...batch);
  }
}

async function walk(entry: Entry, out: PickedFile[]): Promise<void> {
  if (isFile(entry)) {
    out.push({ file: await fileOf(entry), path: entry.fullPath.replace(/^\//, '') });
  } else if (isDirectory(entry)) {
    for (const child of await childrenOf(entry)) await walk(child, out);
  }
}

const HIDDEN = /(^|\/)\.[^/]*$/; // .DS_Store and friends are never music

/** The files of a drop, folders walked; hidden files skipped. */
export async function filesFromDataTransfer(transfer: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(transfer.items ?? [])
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((entry): entry is Entry => Boolean(entry));
  const picked: PickedFile[] = [];
  if (entries.length > 0) {
    for (const entry of entries) await walk(entry, picked);
  } else {
    for (const file of Array.from(transfer.files)) picked.push({ file, path: file.name });
  }
  return picked.filter((item) => !HIDDEN.test(item.path));
}

/** The files an <input type=file> picked (webkitRelativePath is set when a folder was chosen). */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? [])
    .map((file) => ({ file, path: file.webkitRelativePath || file.name }))
    .filter((item) => !HIDDEN.test(item.path));
}

/** A content type for the upload request; the server sniffs the bytes anyway. */
export function contentTypeOf(file: File): string {
  if (file.type) return file.type;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  const known: Record<string, string> = {
    wav: 'audio/wav',
    flac: 'audio/flac',
    mp3: 'audio/mpeg',
    m4a: 'audio/mp4',
    aac: 'audio/aac',
    ogg: 'audio/ogg',
    opus: 'audio/ogg',
    aif: 'audio/aiff',
    aiff: 'audio/aiff',
  };
  return known[extension] ?? 'application/octet-stream';
}
